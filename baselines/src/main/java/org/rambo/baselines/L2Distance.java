package org.rambo.baselines;

import ai.djl.ndarray.NDArray;

/**
 * Euclidean distance. The squared form |a|² + |b|² - 2ab is clamped at 0 and a tiny epsilon
 * keeps the square root's gradient finite where a point meets itself.
 */
public final class L2Distance implements Distance {

    static final float EPSILON = 1e-12f;

    @Override
    public NDArray pairwise(NDArray a, NDArray b) {
        NDArray aa = a.square().sum(new int[] {1}, true);
        NDArray bb = b.square().sum(new int[] {1}, true).transpose();
        NDArray squared = aa.add(bb).sub(a.matMul(b.transpose()).mul(2f)).maximum(0f);
        return squared.add(EPSILON).sqrt();
    }

    @Override
    public double between(float[] x, int i, float[] y, int j, int dim) {
        double s = 0;
        for (int d = 0; d < dim; d++) {
            double diff = (double) x[i * dim + d] - y[j * dim + d];
            s += diff * diff;
        }
        return Math.sqrt(s + EPSILON);
    }

    @Override
    public String name() {
        return "l2";
    }
}
