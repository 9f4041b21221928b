package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** One ordered (anchor, other) pair of batch indices; positive when both share a class. */
public record Pair(int anchor, int other, boolean positive) {

    /** The differentiable distances of the given pairs, in order. */
    public static NDArray distances(EmbeddingBatch batch, List<Pair> pairs) {
        return batch.distances(
                pairs.stream().mapToInt(Pair::anchor).toArray(),
                pairs.stream().mapToInt(Pair::other).toArray());
    }
}
