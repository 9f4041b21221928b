package org.rambo.harness.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The engine's products in both layouts of the fixed matrix, against products summed in double. */
class EngineProductTest {

    @Test
    void transposeOfAHandWrittenMatrix() {
        float[] x = {1, 2, 3, 4, 5, 6}; // 2 x 3
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, EngineProduct.transpose(x, 2, 3));
    }

    @Test
    void transposeAcrossBlockEdges() {
        int rows = 130;
        int cols = 67; // neither a multiple of the 64-wide blocks
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        float[] t = EngineProduct.transpose(x, rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                assertEquals(r * cols + c, t[c * rows + r], "row " + r + " column " + c);
            }
        }
    }

    @Test
    void bothLayoutsGiveTheProductWithinFloatRounding() {
        int n = 97;
        int dim = 33;
        int m = 5;
        Random rnd = new Random(3);
        float[] right = gaussian(rnd, n * dim);
        float[] left = gaussian(rnd, m * dim);
        for (boolean copy : new boolean[] {false, true}) {
            try (EngineProduct p = new EngineProduct(Device.cpu(), right, n, dim, copy)) {
                float[] s = p.times(left.clone(), m);
                for (int a = 0; a < m; a++) {
                    for (int j = 0; j < n; j++) {
                        assertEquals(dot(left, a, right, j, dim), s[a * n + j], bound(left, a, right, j, dim));
                    }
                }
            }
        }
    }

    @Test
    void selfTimesIsATileOfTheMatrixTimesItself() {
        int n = 61;
        int dim = 40;
        float[] x = gaussian(new Random(5), n * dim);
        try (EngineProduct p = new EngineProduct(Device.cpu(), x, n, dim)) {
            int r0 = 7;
            int r1 = 30;
            int c0 = 20;
            int c1 = 61;
            float[] s = p.selfTimes(r0, r1, c0, c1);
            assertEquals((r1 - r0) * (c1 - c0), s.length);
            for (int i = r0; i < r1; i++) {
                for (int j = c0; j < c1; j++) {
                    assertEquals(
                            dot(x, i, x, j, dim),
                            s[(i - r0) * (c1 - c0) + (j - c0)],
                            bound(x, i, x, j, dim),
                            "row " + i + " column " + j);
                }
            }
        }
    }

    private static float[] gaussian(Random rnd, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    /** Row a of x dotted with row j of y, in double (float products are exact there). */
    private static double dot(float[] x, int a, float[] y, int j, int dim) {
        double s = 0;
        for (int d = 0; d < dim; d++) {
            s += (double) x[a * dim + d] * y[j * dim + d];
        }
        return s;
    }

    /** How far a float32 product may be from the exact one: gamma_dim times the sum of |terms|. */
    private static double bound(float[] x, int a, float[] y, int j, int dim) {
        double size = 0;
        for (int d = 0; d < dim; d++) {
            size += Math.abs((double) x[a * dim + d] * y[j * dim + d]);
        }
        return RoundingBounds.gamma(dim) * size + 1e-30;
    }
}
