package org.rambo.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The backward pass's merge path (few elements move) gives exactly the gradient of the plain
 * definition: perturb every score, rank the whole row again, subtract. Ties included.
 */
class BlackboxBackwardTest {

    static float[] plainBackward(float[] y, int rows, int cols, int[] ranks, double[] dRank, float lambda) {
        int n = rows * cols;
        float[] perturbed = new float[n];
        for (int i = 0; i < n; i++) {
            perturbed[i] = (float) (y[i] + (double) lambda * dRank[i]);
        }
        int[] pr = new int[n];
        Ranking.rankRows(perturbed, rows, cols, pr);
        float[] g = new float[n];
        double scale = 1.0 / (cols * (lambda + Blackbox.LAMBDA_EPSILON));
        for (int i = 0; i < n; i++) {
            g[i] += (float) (-(ranks[i] - pr[i]) * scale);
        }
        return g;
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
