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
        float[] right = new float[n * dim];
        float[] left = new float[m * dim];
        for (int i = 0; i < right.length; i++) {
            right[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < left.length; i++) {
            left[i] = (float) rnd.nextGaussian();
        }
        for (boolean copy : new boolean[] {false, true}) {
            try (EngineProduct p = new EngineProduct(Device.cpu(), right, n, dim, copy)) {
                float[] whole = p.times(left.clone(), m);
                float[] cols = p.times(left, 1, 4, 10, 50);
                for (int a = 0; a < m; a++) {
                    for (int j = 0; j < n; j++) {
                        double want = 0;
                        double size = 0;
                        for (int d = 0; d < dim; d++) {
                            want += (double) left[a * dim + d] * right[j * dim + d];
                            size += Math.abs((double) left[a * dim + d] * right[j * dim + d]);
                        }
                        double tol = RoundingBounds.gamma(dim) * size + 1e-30;
                        assertEquals(want, whole[a * n + j], tol, "copy=" + copy + " row " + a + " column " + j);
                        if (a >= 1 && a < 4 && j >= 10 && j < 50) {
                            assertEquals(whole[a * n + j], cols[(a - 1) * 40 + (j - 10)], tol, "slice");
                        }
                    }
                }
            }
        }
    }
}
