package org.rambo.baselines;

import ai.djl.ndarray.NDArray;

/** A pairwise distance between two sets of embeddings (rows), differentiable with DJL. */
public interface Distance {

    /** Distances [a rows x b rows]. */
    NDArray pairwise(NDArray a, NDArray b);

    /** The spec name (l2, cosine). */
    String name();

    static Distance of(String name) {
        return switch (name) {
            case "l2" -> new L2Distance();
            case "cosine" -> new CosineDistance();
            default -> throw new IllegalArgumentException("unknown distance '" + name + "'; valid: l2, cosine");
        };
    }
}
