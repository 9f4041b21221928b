package org.rambo.baselines;

import ai.djl.ndarray.NDArray;

/** 1 - cosine similarity (0 for equal directions, 2 for opposite ones). */
public final class CosineDistance implements Distance {

    static final float EPSILON = 1e-12f;

    @Override
    public NDArray pairwise(NDArray a, NDArray b) {
        return Embeddings.l2Normalise(a).matMul(Embeddings.l2Normalise(b).transpose()).neg().add(1f);
    }

    @Override
    public double between(float[] x, int i, float[] y, int j, int dim) {
        double dot = 0;
        double nx = 0;
        double ny = 0;
        for (int d = 0; d < dim; d++) {
            dot += (double) x[i * dim + d] * y[j * dim + d];
            nx += (double) x[i * dim + d] * x[i * dim + d];
            ny += (double) y[j * dim + d] * y[j * dim + d];
        }
        return 1.0 - dot / (Math.sqrt(nx + EPSILON) * Math.sqrt(ny + EPSILON));
    }

    @Override
    public String name() {
        return "cosine";
    }
}
