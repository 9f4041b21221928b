package org.rambo.baselines;

import ai.djl.ndarray.NDArray;

/**
 * Euclidean distance {@code sqrt(Σ_k (a_k - b_k)² + 1e-12)}, computed from explicit differences.
 * The shortcut |a|² + |b|² - 2ab is not used: its rounding error (~1e-7 for unit vectors, and
 * run-to-run different with MKL's matrix product) dominates the distance of near-coincident
 * points, where the square root's derivative then turns it into gradient spikes; pulling
 * positives together (contrastive pos = 0) makes such pairs common. With explicit differences the
 * gradient has norm ≤ 1 and is exactly 0 for coincident points. Memory: one [a rows, b rows, d]
 * tensor (B = 128, d = 512: 32 MiB).
 */
public final class L2Distance implements Distance {

    static final float EPSILON = 1e-12f;

    @Override
    public NDArray pairwise(NDArray a, NDArray b) {
        return a.expandDims(1)
                .sub(b.expandDims(0))
                .square()
                .sum(new int[] {2})
                .add(EPSILON)
                .sqrt();
    }

    @Override
    public double maxOnUnitSphere() {
        return 2;
    }

    @Override
    public String name() {
        return "l2";
    }
}
