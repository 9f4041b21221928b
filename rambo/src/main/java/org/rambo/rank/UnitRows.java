package org.rambo.rank;

import ai.djl.ndarray.NDArray;

/**
 * Rows scaled to unit L2 norm: the one normalisation of embeddings in the project (the RaMBO
 * loss, the baselines' cosine distance and the models' output layer all use it, so they agree to
 * the last bit).
 */
public final class UnitRows {

    /** Keeps an all-zero row finite (0 / sqrt(eps) = 0) without moving any real row's norm. */
    public static final float EPSILON = 1e-12f;

    private UnitRows() {}

    /** {@code x / sqrt(sum(x^2, axis 1) + eps)}, differentiable. */
    public static NDArray of(NDArray x) {
        return x.div(x.square().sum(new int[] {1}, true).add(EPSILON).sqrt());
    }
}
