package org.rambo.baselines;

import java.util.List;

/**
 * A loss over mined tuples: the {@link Miner} chooses pairs or triplets on the gradient-free
 * distances, and the loss writes its terms for the chosen ones ({@link #tupleTerms}).
 *
 * @param <T> the tuple type ({@link Pair}, {@link Triplet})
 */
public abstract class TupleLoss<T> extends MetricLoss {

    private final Miner<T> miner;

    protected TupleLoss(String name, Distance distance, Miner<T> miner, Reduction reduction, boolean normalise) {
        super(name, distance, reduction, normalise);
        if (miner == null) {
            throw new IllegalArgumentException("miner must not be null");
        }
        this.miner = miner;
    }

    public Miner<T> miner() {
        return miner;
    }

    @Override
    protected final Terms terms(EmbeddingBatch batch) {
        return tupleTerms(batch, miner.mine(batch.detachedDistances(), batch.labels(), batch.dim()));
    }

    /** The terms of the chosen tuples (possibly none). */
    protected abstract Terms tupleTerms(EmbeddingBatch batch, List<T> tuples);
}
