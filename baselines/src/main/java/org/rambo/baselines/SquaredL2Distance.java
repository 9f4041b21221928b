package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import org.rambo.rank.Scalars;

/**
 * Squared Euclidean distance {@code |a|² + |b|² - 2 a·b} (FastAP's distance: on unit vectors it
 * spans [0, 4]). Unlike {@link L2Distance} the matrix-product form is safe here: with no square
 * root, its rounding error (~1e-7) stays ~1e-7 in the value and the gradient, and it needs no
 * [a rows, b rows, d] tensor.
 */
public final class SquaredL2Distance implements Distance {

    @Override
    public NDArray pairwise(NDArray a, NDArray b) {
        NDArray aa = a.square().sum(new int[] {1}, true);
        NDArray bb = b.square().sum(new int[] {1}, true).transpose();
        return Scalars.mul(a.matMul(b.transpose()), -2f).add(aa).add(bb);
    }

    @Override
    public double maxOnUnitSphere() {
        return 4;
    }

    @Override
    public String name() {
        return "squared-l2";
    }
}
