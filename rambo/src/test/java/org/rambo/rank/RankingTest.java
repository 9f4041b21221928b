package org.rambo.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ranks against a brute-force count, ties included, on both sort paths. */
class RankingTest {

    /** rank = 1 + #{j : y_j > y_i} + #{j < i : y_j == y_i} */
    static int[] bruteForceRanks(float[] y, int offset, int n) {
        int[] ranks = new int[n];
        for (int i = 0; i < n; i++) {
            int rank = 1;
            float yi = y[offset + i];
            for (int j = 0; j < n; j++) {
                float yj = y[offset + j];
                if (yj > yi || (yj == yi && j < i)) {
                    rank++;
                }
            }
            ranks[i] = rank;
        }
        return ranks;
    }

    /** Values drawn from a small set so ties are frequent; includes -0.0, 0.0 and signs. */
    static float[] tiedValues(Random random, int n) {
        float[] pool = {-3.5f, -1f, -0.25f, -0f, 0f, 1e-7f, 0.25f, 1f, 2f, Float.MAX_VALUE, -Float.MAX_VALUE};
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(3) == 0 ? (float) random.nextGaussian() : pool[random.nextInt(pool.length)];
        }
        return y;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 50, 511, 512, 700, 3000})
    void sorterRanksMatchBruteForce(int n) {
        Random random = new Random(n);
        RowSorter sorter = new RowSorter();
        for (int trial = 0; trial < 5; trial++) {
            float[] y = tiedValues(random, n + 3);
            int[] order = new int[n];
            int[] ranks = new int[n];
            sorter.ranks(y, 3, n, order, ranks);
            assertArrayEquals(bruteForceRanks(y, 3, n), ranks, "n=" + n + " trial " + trial);
        }
    }

    @Test
    void ndArrayRanksAreNormalisedPerRow() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] y = {0.1f, 0.9f, 0.5f, 0.5f, /* row 2 */ 3f, 2f, 1f, 0f};
            NDArray ranks = Ranking.ranks(manager.create(y, new Shape(2, 4)));
            assertEquals(new Shape(2, 4), ranks.getShape());
            assertArrayEquals(new float[] {1f, 0.25f, 0.5f, 0.75f, 0.25f, 0.5f, 0.75f, 1f}, ranks.toFloatArray());
        }
    }

    @Test
    void ndArrayRanksMatchBruteForceOnRandomMatrices() {
        Random random = new Random(42);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int trial = 0; trial < 10; trial++) {
                int rows = 1 + random.nextInt(5);
                int cols = 1 + random.nextInt(40);
                float[] y = tiedValues(random, rows * cols);
                float[] ranks =
                        Ranking.ranks(manager.create(y, new Shape(rows, cols))).toFloatArray();
                for (int r = 0; r < rows; r++) {
                    int[] expected = bruteForceRanks(y, r * cols, cols);
                    for (int c = 0; c < cols; c++) {
                        assertEquals(expected[c] / (float) cols, ranks[r * cols + c], 0f);
                    }
                }
            }
        }
    }

    @Test
    void rejectsNonFiniteScores() {
        try (NDManager manager = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> Ranking.ranks(manager.create(new float[] {1f, Float.NaN})));
            assertEquals("scores must be finite, found NaN at [0, 1]", e.getMessage());
        }
    }
}
