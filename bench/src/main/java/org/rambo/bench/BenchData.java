package org.rambo.bench;

import java.util.SplittableRandom;

/** Seeded inputs shared by the benchmarks, so every method of a benchmark sees the same numbers. */
final class BenchData {

    /** Row length used for totals above one row: 2^20 (so 2^24 = 16 rows of 2^20). */
    static final int MAX_ROW = 1 << 20;

    private BenchData() {}

    /** Uniform scores in [-1, 1) (cosine-similarity range), float32. */
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

    /** Rows for a total size n: one row up to 2^20 elements, then rows of 2^20. */
    static int rowsFor(long n) {
        return n <= MAX_ROW ? 1 : Math.toIntExact(n / MAX_ROW);
    }

    /** Class labels for a batch: 4 images per class, as the retrieval samplers draw them. */
    static float[] labels(int batch) {
        float[] y = new float[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = i / 4;
        }
        return y;
    }
}
