package org.rambo.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.rambo.rank.ApLoss;
import org.rambo.rank.LossAndGradient;
import org.rambo.rank.RecallLoss;

/**
 * The comparison benchmark must compute what our losses compute: the DJL port of the reference
 * algorithm (six argsorts) gives the same blackbox gradient as RecallLoss / ApLoss on random
 * scores (no ties), up to float rounding of the perturbed scores.
 */
class ReferencePortTest {

    static final int ROWS = 4;
    static final int COLS = 300;

    @Test
    void recallPortMatchesRecallLoss() {
        float[] y = BenchData.scores(ROWS * COLS, 1);
        float[] t = BenchData.relevance(ROWS, COLS, 2);
        LossAndGradient ours =
                RecallLoss.builder().optLambda(4f).optMargin(0.02f).build().lossAndGradient(y, t, ROWS, COLS);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] port = ReferencePort.recallForwardBackward(
                            m.create(y, new Shape(ROWS, COLS)), m.create(t, new Shape(ROWS, COLS)), 4f, 0.02f)
                    .toFloatArray();
            assertClose(ours.gradient(), port);
        }
    }

    @Test
    void apPortMatchesApLoss() {
        float[] y = BenchData.scores(ROWS * COLS, 3);
        float[] t = BenchData.relevance(ROWS, COLS, 4);
        LossAndGradient ours =
                ApLoss.builder().optLambda(4f).optMargin(0.02f).build().lossAndGradient(y, t, ROWS, COLS);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray g = ReferencePort.apForwardBackward(
                    m.create(y, new Shape(ROWS, COLS)), m.create(t, new Shape(ROWS, COLS)), 4f, 0.02f);
            assertClose(ours.gradient(), g.toFloatArray());
        }
    }

    /** Elementwise within 1e-5, allowing a rare rank flip (at most 1% of elements) from float rounding. */
    static void assertClose(float[] expected, float[] actual) {
        assertTrue(expected.length == actual.length);
        int off = 0;
        double nonZero = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > 1e-5) {
                off++;
            }
            nonZero += expected[i] != 0f ? 1 : 0;
        }
        assertTrue(nonZero > 0, "the gradient must not be all zero");
        assertTrue(off <= expected.length / 100, off + " of " + expected.length + " gradient entries differ");
    }
}
