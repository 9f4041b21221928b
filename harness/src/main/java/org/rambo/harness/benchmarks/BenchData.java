package org.rambo.harness.benchmarks;

import java.util.SplittableRandom;

/** Seeded inputs shared by the benchmarks, so every method sees the same numbers. */
final class BenchData {

    private BenchData() {}

    static float[] scores(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = (float) (2 * r.nextDouble() - 1);
        }
        return y;
    }

    /** 0/1 relevance with about one positive in ten, at least one per row. */
    static float[] relevance(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] t = new float[rows * cols];
        for (int i = 0; i < t.length; i++) {
            t[i] = r.nextInt(10) == 0 ? 1f : 0f;
        }
        for (int row = 0; row < rows; row++) {
            t[row * cols] = 1f;
        }
        return t;
    }

    /** Rows for a total size: one row up to 2^20 elements, then rows of 2^20. */
    static int rowsFor(int n) {
        return n <= (1 << 20) ? 1 : n / (1 << 20);
    }
}
