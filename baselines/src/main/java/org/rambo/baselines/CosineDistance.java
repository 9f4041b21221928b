package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import org.rambo.rank.UnitRows;

/**
 * 1 - cosine similarity (0 for equal directions, 2 for opposite ones); normalises its inputs.
 * Its gradient is bounded everywhere, so the matrix-product form is safe here.
 */
public final class CosineDistance implements Distance {

    @Override
    public NDArray pairwise(NDArray a, NDArray b) {
        return similarity(a, b).neg().add(1f);
    }

    /** The cosine itself: the same ranking as the distance, without the shift by 1 and its rounding. */
    @Override
    public NDArray similarity(NDArray a, NDArray b) {
        return UnitRows.of(a).matMul(UnitRows.of(b).transpose());
    }

    @Override
    public double maxOnUnitSphere() {
        return 2;
    }

    @Override
    public String name() {
        return "cosine";
    }
}
