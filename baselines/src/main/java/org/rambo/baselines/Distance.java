package org.rambo.baselines;

import ai.djl.ndarray.NDArray;

/**
 * A pairwise distance between two sets of embeddings (rows), differentiable with DJL: the piece
 * every loss of this package takes, as in pytorch-metric-learning.
 */
public interface Distance {

    /** Distances [a rows x b rows]. */
    NDArray pairwise(NDArray a, NDArray b);

    /**
     * Scores [a rows x b rows], larger for closer rows, for losses that rank by similarity
     * (Smooth-AP). Any decreasing function of the distance ranks the same; the default negates it.
     */
    default NDArray similarity(NDArray a, NDArray b) {
        return pairwise(a, b).neg();
    }

    /** The largest distance between two unit vectors (FastAP spreads its histogram over [0, this]). */
    double maxOnUnitSphere();

    /** The spec name (l2, squared-l2, cosine). */
    String name();

    static Distance of(String name) {
        return switch (name) {
            case "l2" -> new L2Distance();
            case "squared-l2" -> new SquaredL2Distance();
            case "cosine" -> new CosineDistance();
            default ->
                throw new IllegalArgumentException("unknown distance '" + name + "'; valid: l2, squared-l2, cosine");
        };
    }
}
