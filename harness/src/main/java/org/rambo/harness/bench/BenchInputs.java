package org.rambo.harness.bench;

import java.util.SplittableRandom;

/**
 * Deterministic inputs shared by every benchmark, so all methods see the same numbers: scores
 * spread like cosine similarities, relevance with a fixed share of positives, and clustered
 * embeddings with class labels (4 images per class, as a metric-learning batch).
 */
public final class BenchInputs {

    /** Embedding width of the loss benchmarks (the paper's embedding layer is 512-d). */
    public static final int DIM = 512;

    /** Images per class in a loss-benchmark batch. */
    public static final int PER_CLASS = 4;

    private BenchInputs() {}

    /**
     * {@code n} scores in [-1, 1) drawn from a seeded stream. The values are float32 with 24-bit
     * mantissas, so a large row has ties: every sort here must break them by ascending index.
     */
    public static float[] scores(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = (float) (2.0 * random.nextDouble() - 1.0);
        }
        return y;
    }

    /**
     * 0/1 relevance of {@code rows × cols} scores: in every row exactly
     * {@code max(1, round(positiveShare × cols))} positives at seeded random columns.
     */
    public static float[] relevance(int rows, int cols, double positiveShare, long seed) {
        if (!(positiveShare > 0 && positiveShare <= 1)) {
            throw new IllegalArgumentException("positive share must lie in (0, 1], got " + positiveShare);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int p = Math.max(1, (int) Math.round(positiveShare * cols));
        float[] t = new float[rows * cols];
        int[] columns = new int[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                columns[c] = c;
            }
            // partial Fisher-Yates: the first p entries are a uniform sample without repetition
            for (int i = 0; i < p; i++) {
                int j = i + random.nextInt(cols - i);
                int swap = columns[i];
                columns[i] = columns[j];
                columns[j] = swap;
                t[r * cols + columns[i]] = 1f;
            }
        }
        return t;
    }

    /** Class ids of a batch of {@code n}: 0,0,0,0,1,1,1,1,... ({@link #PER_CLASS} per class). */
    public static float[] labels(int n) {
        float[] ids = new float[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i / PER_CLASS;
        }
        return ids;
    }

    /**
     * {@code n × dim} embeddings (row-major): a seeded unit-scale centre per class plus noise of
     * the same scale, so classes overlap and every loss has work to do (no zero gradients).
     */
    public static float[] embeddings(int n, int dim, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int classes = (n + PER_CLASS - 1) / PER_CLASS;
        float[] centres = new float[classes * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) gaussian(random);
        }
        float[] e = new float[n * dim];
        for (int i = 0; i < n; i++) {
            int c = i / PER_CLASS;
            for (int d = 0; d < dim; d++) {
                e[i * dim + d] = centres[c * dim + d] + (float) gaussian(random);
            }
        }
        return e;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller on the seeded stream (SplittableRandom has no nextGaussian in Java 17)
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }
}
