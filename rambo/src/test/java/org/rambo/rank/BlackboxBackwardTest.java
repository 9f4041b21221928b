package org.rambo.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The backward pass's merge path (few elements move) gives exactly the gradient of the plain
 * definition: perturb every score, rank the whole row again (by counting, not with the sorter
 * under test), subtract. Ties included.
 */
class BlackboxBackwardTest {

    static float[] plainBackward(float[] y, int rows, int cols, int[] ranks, double[] dRank, float lambda) {
        int n = rows * cols;
        float[] perturbed = new float[n];
        for (int i = 0; i < n; i++) {
            perturbed[i] = (float) (y[i] + (double) lambda * dRank[i]);
        }
        int[] pr = plainRanks(perturbed, rows, cols);
        float[] g = new float[n];
        double scale = 1.0 / (cols * (lambda + Blackbox.LAMBDA_EPSILON));
        for (int i = 0; i < n; i++) {
            g[i] += (float) (-(ranks[i] - pr[i]) * scale);
        }
        return g;
    }

    /**
     * 1-based ranks by counting, independent of the sorter under test: an element's rank is one
     * plus the elements of its row that are greater, or equal and earlier (-0 == 0).
     */
    static int[] plainRanks(float[] y, int rows, int cols) {
        int[] ranks = new int[y.length];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < cols; i++) {
                float yi = y[r * cols + i] == 0f ? 0f : y[r * cols + i];
                int above = 0;
                for (int j = 0; j < cols; j++) {
                    float yj = y[r * cols + j] == 0f ? 0f : y[r * cols + j];
                    if (yj > yi || yj == yi && j < i) {
                        above++;
                    }
                }
                ranks[r * cols + i] = above + 1;
            }
        }
        return ranks;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 20, 60, 100})
    void mergePathEqualsTheFullSort(int movedPercent) {
        Random random = new Random(movedPercent);
        for (int trial = 0; trial < 20; trial++) {
            int rows = 1 + random.nextInt(4);
            int cols = 1 + random.nextInt(trial < 10 ? 50 : 3000);
            float[] y = new float[rows * cols];
            double[] dRank = new double[rows * cols];
            for (int i = 0; i < y.length; i++) {
                // few distinct values: many ties, also between moved and unmoved elements
                y[i] = random.nextInt(3) == 0 ? (float) random.nextGaussian() : random.nextInt(7) * 0.25f - 0.75f;
                if (random.nextInt(100) < movedPercent) {
                    dRank[i] = random.nextInt(4) == 0 ? 0.25 * random.nextInt(3) : random.nextGaussian() * 0.1;
                }
            }
            int[] order = new int[y.length];
            int[] ranks = new int[y.length];
            Blackbox.sortRows(y, rows, cols, order, ranks);
            float lambda = 0.5f + random.nextInt(8);
            float[] fast = new float[y.length];
            Blackbox.backward(y, rows, cols, order, ranks, dRank, lambda, fast);
            assertArrayEquals(
                    plainBackward(y, rows, cols, ranks, dRank, lambda),
                    fast,
                    0f,
                    "rows " + rows + " cols " + cols + " moved% " + movedPercent);
        }
    }
}
