package org.rambo.baselines;

import ai.djl.ndarray.NDArray;

/**
 * 1 - cosine similarity (0 for equal directions, 2 for opposite ones); normalises its inputs.
 * Its gradient is bounded everywhere, so the matrix-product form is safe here.
 */
public final class CosineDistance implements Distance {

    @Override
    public NDArray pairwise(NDArray a, NDArray b) {
        return Embeddings.l2Normalise(a).matMul(Embeddings.l2Normalise(b).transpose()).neg().add(1f);
    }

    @Override
    public String name() {
        return "cosine";
    }
}
