package org.rambo.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.rambo.rank.ApLoss;
import org.rambo.rank.LossAndGradient;
import org.rambo.rank.RecallLoss;

/**
 * The DJL port of the reference algorithm computes the same loss and gradient as the rambo
 * losses (so the benchmark compares like with like), on scores without ties.
 */
class ReferenceDjlPortTest {

    static final int ROWS = 3;
    static final int COLS = 200;
    static final float LAMBDA = 4f;
    static final float MARGIN = 0.02f;

    /** A seeded shuffle of an arithmetic sequence whose step does not divide the margin: no ties, before or after the shift. */
    private static float[] distinctScores() {
        int n = ROWS * COLS;
        float[] y = new float[n];
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int i = 0; i < n; i++) {
            y[i] = i * 0.0031f - 0.93f;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            float swap = y[i];
            y[i] = y[j];
            y[j] = swap;
        }
        return y;
    }

    private static void check(LossAndGradient expected, NDArray[] port) {
        assertEquals(expected.value(), port[0].getFloat(), 1e-5 * Math.max(1, Math.abs(expected.value())));
        float[] g = port[1].toFloatArray();
        assertEquals(expected.gradient().length, g.length);
        for (int i = 0; i < g.length; i++) {
            assertEquals(expected.gradient()[i], g[i], 1e-5, "gradient at " + i);
        }
    }

    @Test
    void recallMatchesRecallLoss() {
        float[] y = distinctScores();
        float[] t = BenchInputs.relevance(ROWS, COLS, 0.05, 12);
        LossAndGradient expected = RecallLoss.builder().optLambda(LAMBDA).optMargin(MARGIN).build()
                .lossAndGradient(y, t, ROWS, COLS);
        try (NDManager m = NDManager.newBaseManager()) {
            Shape s = new Shape(ROWS, COLS);
            check(expected, ReferenceDjlPort.recall(m.create(y, s), m.create(t, s), LAMBDA, MARGIN));
        }
    }

    @Test
    void apMatchesApLoss() {
        float[] y = distinctScores();
        float[] t = BenchInputs.relevance(ROWS, COLS, 0.05, 13);
        LossAndGradient expected = ApLoss.builder().optLambda(LAMBDA).optMargin(MARGIN).build()
                .lossAndGradient(y, t, ROWS, COLS);
        try (NDManager m = NDManager.newBaseManager()) {
            Shape s = new Shape(ROWS, COLS);
            check(expected, ReferenceDjlPort.ap(m.create(y, s), m.create(t, s), LAMBDA, MARGIN));
        }
    }

    @Test
    void ranksAreArgsortOfArgsortNormalised() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] r = ReferenceDjlPort.ranks(m.create(new float[] {0.1f, 0.9f, -0.5f, 0.3f})).toFloatArray();
            assertEquals(3 / 4f, r[0]);
            assertEquals(1 / 4f, r[1]);
            assertEquals(4 / 4f, r[2]);
            assertEquals(2 / 4f, r[3]);
        }
    }
}
