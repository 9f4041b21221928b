package org.rambo.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The speed-ups of the ranking path change nothing: the radix sort's key output, rows ranked in
 * parallel, and the recall loss on a matrix large enough to be split over threads give exactly
 * what the plain definitions give.
 */
class FastRankingPathTest {

    static float[] tiedScores(Random random, int n) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(3) == 0 ? (float) random.nextGaussian() : random.nextInt(9) * 0.125f - 0.5f;
            if (random.nextInt(50) == 0) {
                y[i] = random.nextBoolean() ? 0f : -0f;
            }
        }
        return y;
    }

    /** Order by a comparison sort: value descending, index ascending, -0 == 0. */
    static int[] plainOrder(float[] y, int offset, int n) {
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            float va = y[offset + a] == 0f ? 0f : y[offset + a];
            float vb = y[offset + b] == 0f ? 0f : y[offset + b];
            int c = Float.compare(vb, va);
            return c != 0 ? c : Integer.compare(a, b);
        });
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 511, 512, 513, 5000, 70000})
    void sortWritesOrderAndKeysAtOffsets(int n) {
        Random random = new Random(n);
        float[] y = tiedScores(random, n + 3);
        int[] order = new int[n + 5];
        int[] keys = new int[n + 2];
        new RowSorter().sort(y, 3, n, order, 5, keys, 2);
        int[] expected = plainOrder(y, 3, n);
        assertArrayEquals(expected, Arrays.copyOfRange(order, 5, n + 5));
        for (int pos = 0; pos < n; pos++) {
            assertEquals(RowSorter.descendingKey(y[3 + expected[pos]]), keys[2 + pos], "pos " + pos);
        }
    }

    @Test
    void constantAndSingleDigitRows() {
        RowSorter sorter = new RowSorter();
        for (float[] y : new float[][] {filled(3000, 0.5f), filled(3000, -0f), steps(3000)}) {
            int[] order = new int[y.length];
            int[] keys = new int[y.length];
            sorter.sort(y, 0, y.length, order, 0, keys, 0);
            assertArrayEquals(plainOrder(y, 0, y.length), order);
            int[] plain = new int[y.length];
            sorter.sortDescending(y, 0, y.length, plain);
            assertArrayEquals(order, plain);
        }
    }

    static float[] filled(int n, float v) {
        float[] y = new float[n];
        Arrays.fill(y, v);
        return y;
    }

    /** Values that differ only in the lowest radix digit. */
    static float[] steps(int n) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = Float.intBitsToFloat(Float.floatToIntBits(1f) + (i * 7919) % 1000);
        }
        return y;
    }

    @Test
    void parallelRowsEqualSequentialRows() {
        Random random = new Random(5);
        int rows = 64;
        int cols = 3000;
        float[] y = tiedScores(random, rows * cols);
        int[] ranks = new int[y.length];
        Ranking.rankRows(y, rows, cols, ranks);
        RowSorter sorter = new RowSorter();
        int[] order = new int[cols];
        int[] rowRanks = new int[cols];
        for (int r = 0; r < rows; r++) {
            sorter.ranks(y, r * cols, cols, order, rowRanks);
            assertArrayEquals(rowRanks, Arrays.copyOfRange(ranks, r * cols, (r + 1) * cols), "row " + r);
        }
    }

    /** Recall loss (log1p, reference reduction) by its definition: rank, perturb every score, rank again. */
    static LossAndGradient plainRecall(float[] y, float[] t, int rows, int cols, float lambda, float margin) {
        int n = y.length;
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (y[i] - (double) margin * (t[i] - 0.5));
        }
        int[] ranks = new int[n];
        Ranking.rankRows(s, rows, cols, ranks);
        int total = 0;
        for (float v : t) {
            total += (int) v;
        }
        double[] dRank = new double[n];
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                if (t[i] == 0f) {
                    continue;
                }
                int rankPos = 1;
                for (int c2 = 0; c2 < cols; c2++) {
                    int i2 = r * cols + c2;
                    rankPos += t[i2] == 1f && ranks[i2] < ranks[i] ? 1 : 0;
                }
                double x = (ranks[i] - rankPos) * (double) rows / cols;
                loss += Math.log1p(x) / total;
                dRank[i] = 1.0 / (1.0 + x) * rows / total;
            }
        }
        float[] g = BlackboxBackwardTest.plainBackward(s, rows, cols, ranks, dRank, lambda);
        return new LossAndGradient(loss, g);
    }

    @Test
    void recallLossOnALargeMatrixEqualsTheDefinition() {
        Random random = new Random(9);
        int rows = 24;
        int cols = 2176; // 128 x (1 + 16 memory batches): parallel rows
        float[] y = tiedScores(random, rows * cols);
        float[] t = new float[y.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = random.nextInt(8) == 0 ? 1f : 0f;
        }
        LossAndGradient fast =
                RecallLoss.builder().optLambda(4f).optMargin(0.02f).build().lossAndGradient(y, t, rows, cols);
        LossAndGradient plain = plainRecall(y, t, rows, cols, 4f, 0.02f);
        assertEquals(plain.value(), fast.value(), 1e-12 * Math.abs(plain.value()));
        assertArrayEquals(plain.gradient(), fast.gradient(), 0f);
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 600, 20000})
    void tagsTravelWithTheirElements(int n) {
        Random random = new Random(n + 1);
        float[] y = tiedScores(random, n);
        float[] tags = new float[n];
        for (int i = 0; i < n; i++) {
            tags[i] = random.nextInt(4) == 0 ? 1f : 0f;
        }
        int[] order = new int[n];
        new RowSorter().sort(y, 0, n, order, 0, null, 0, tags);
        int[] expected = plainOrder(y, 0, n);
        for (int pos = 0; pos < n; pos++) {
            assertEquals(expected[pos], order[pos] & ~RowSorter.TAG, "pos " + pos);
            assertEquals(tags[expected[pos]] != 0f, order[pos] < 0, "tag at pos " + pos);
        }
    }

    /** mAP loss by its definition: rank, perturb every score, rank again. */
    static LossAndGradient plainAp(float[] y, float[] t, int rows, int cols, float lambda, float margin) {
        int n = y.length;
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (y[i] - (double) margin * (t[i] - 0.5));
        }
        int[] ranks = new int[n];
        Ranking.rankRows(s, rows, cols, ranks);
        int withPositives = 0;
        int[] positives = new int[rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                positives[r] += (int) t[r * cols + c];
            }
            withPositives += positives[r] > 0 ? 1 : 0;
        }
        double[] dRank = new double[n];
        double apSum = 0;
        for (int r = 0; r < rows; r++) {
            double precision = 0;
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                if (t[i] == 0f) {
                    continue;
                }
                int rankPos = 1;
                for (int c2 = 0; c2 < cols; c2++) {
                    int i2 = r * cols + c2;
                    rankPos += t[i2] == 1f && ranks[i2] < ranks[i] ? 1 : 0;
                }
                precision += (double) rankPos / ranks[i];
                dRank[i] = 1.0
                        / ((positives[r] + ApLoss.EPSILON) * withPositives)
                        * rankPos
                        * (double) cols
                        / ((double) ranks[i] * ranks[i]);
            }
            apSum += precision / (positives[r] + ApLoss.EPSILON);
        }
        float[] g = BlackboxBackwardTest.plainBackward(s, rows, cols, ranks, dRank, lambda);
        return new LossAndGradient(1.0 - apSum / withPositives, g);
    }

    @Test
    void apLossOnALargeMatrixEqualsTheDefinition() {
        Random random = new Random(13);
        int rows = 32;
        int cols = 2176;
        float[] y = tiedScores(random, rows * cols);
        float[] t = new float[y.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = random.nextInt(8) == 0 ? 1f : 0f;
        }
        LossAndGradient fast =
                ApLoss.builder().optLambda(4f).optMargin(0.02f).build().lossAndGradient(y, t, rows, cols);
        LossAndGradient plain = plainAp(y, t, rows, cols, 4f, 0.02f);
        assertEquals(plain.value(), fast.value(), 1e-12);
        assertArrayEquals(plain.gradient(), fast.gradient(), 0f);
    }
}
