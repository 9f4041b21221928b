package org.rambo.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ranking rows with few positives by counting gives what sorting gives, bit for bit: the same
 * forward positions of the positives and the same blackbox gradient, checked against each other
 * and against a plain comparison sort of the (perturbed) rows, on rows with ties, -0 and 0,
 * rows without positives, and with and without margin noise.
 */
class FewPositivesTest {

    @ParameterizedTest
    @CsvSource({"1, 5, false", "7, 97, false", "16, 511, false", "4, 1280, true", "3, 2559, false", "9, 40, true"})
    void countingAndSortingRankAndBackpropagateAlike(int rows, int cols, boolean noisy) {
        Random random = new Random(31L * rows + cols);
        float[] y = FastRankingPathTest.tiedScores(random, rows * cols);
        float[] t = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            int positives = r % 5 == 4 ? 0 : 1 + random.nextInt(Math.min(cols, 30));
            for (int k = 0; k < positives; k++) {
                t[r * cols + random.nextInt(cols)] = 1f;
            }
        }
        SortedRows counted = SortedRows.sort(margin(noisy), y, t, rows, cols, Integer.MAX_VALUE);
        SortedRows sorted = SortedRows.sort(margin(noisy), y, t, rows, cols, -1);
        assertArrayEquals(sorted.shifted, counted.shifted);
        assertArrayEquals(sorted.positivesPerRow, counted.positivesPerRow);

        float lambda = 4f;
        float[] start = new float[rows * cols];
        for (int i = 0; i < start.length; i++) {
            start[i] = random.nextInt(4) == 0 ? (float) random.nextGaussian() : 0f;
        }
        float[] gradientCounted = start.clone();
        float[] gradientSorted = start.clone();
        float[] gradientPlain = start.clone();
        for (int r = 0; r < rows; r++) {
            int[] plain = FastRankingPathTest.plainOrder(counted.shifted, r * cols, cols);
            float[] perturbed = java.util.Arrays.copyOfRange(counted.shifted, r * cols, (r + 1) * cols);
            int k = 0;
            for (int pos = 0; pos < cols; pos++) {
                if (t[r * cols + plain[pos]] == 0f) {
                    continue;
                }
                assertEquals(pos, counted.position(r, k), "row " + r + " positive " + k);
                assertEquals(pos, sorted.position(r, k), "row " + r + " positive " + k);
                // large and small moves, up and down, and some positives that do not move
                double d = random.nextInt(4) == 0 ? 0.0 : random.nextGaussian() * (random.nextBoolean() ? 0.01 : 0.5);
                counted.move(r, k, d);
                sorted.move(r, k, d);
                int col = plain[pos];
                perturbed[col] = (float) (counted.shifted[r * cols + col] + (double) lambda * d);
                k++;
            }
            assertEquals(counted.positivesPerRow[r], k);
            addPlainGradient(plain, perturbed, r * cols, lambda, gradientPlain);
        }
        counted.backward(lambda, gradientCounted);
        sorted.backward(lambda, gradientSorted);
        assertArrayEquals(gradientPlain, gradientSorted);
        assertArrayEquals(gradientPlain, gradientCounted);
    }

    private static MarginNoise margin(boolean noisy) {
        return noisy ? MarginNoise.seeded(0.05f, 5L) : MarginNoise.deterministic(0.02f);
    }

    /** -(forward position - perturbed position) / (cols (lambda + 1e-8)) from two full sorts. */
    private static void addPlainGradient(int[] forward, float[] perturbed, int base, float lambda, float[] gradient) {
        int cols = forward.length;
        int[] forwardPos = new int[cols];
        for (int pos = 0; pos < cols; pos++) {
            forwardPos[forward[pos]] = pos;
        }
        int[] after = FastRankingPathTest.plainOrder(perturbed, 0, cols);
        double scale = 1.0 / (cols * (lambda + 1e-8));
        for (int pos = 0; pos < cols; pos++) {
            int diff = forwardPos[after[pos]] - pos;
            if (diff != 0) {
                gradient[base + after[pos]] += (float) (-diff * scale);
            }
        }
    }
}
