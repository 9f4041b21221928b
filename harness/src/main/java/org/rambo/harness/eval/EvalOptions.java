package org.rambo.harness.eval;

import ai.djl.Device;
import java.util.Arrays;

/**
 * How {@link RetrievalEvaluator} runs. Only {@code ks} changes the metric values; threads and
 * block sizes change speed and memory, never results (tests check this).
 *
 * @param ks                 the K of recall_at_K, each at least 1, no duplicates
 * @param threads            worker threads for the neighbour search and k-means (at least 1)
 * @param computeNmi         false reports nmi as NaN (k-means on SOP's 11,316 classes is slow)
 * @param kmeansSeed         seed of the k-means++ initialisation
 * @param kmeansMaxIterations cap on Lloyd iterations (stops earlier when assignments settle)
 * @param queryBlock         queries per block: memory is about threads x queryBlock x gallery x 4 bytes
 * @param galleryTile        gallery rows per cache tile
 * @param progress           show a progress bar on standard error while searching neighbours of a large set
 * @param device             where the engine's matrix product ranks candidates (the CPU, or the training GPU)
 * @param scoreBlock         floats per block of candidate scores: memory is about 2 x scoreBlock x 4 bytes
 */
public record EvalOptions(
        int[] ks,
        int threads,
        boolean computeNmi,
        long kmeansSeed,
        int kmeansMaxIterations,
        int queryBlock,
        int galleryTile,
        boolean progress,
        Device device,
        long scoreBlock) {

    public static final int[] DEFAULT_KS = {1, 2, 4, 8};

    public EvalOptions {
        if (ks == null || ks.length == 0) {
            throw new IllegalArgumentException("at least one K is needed for recall_at_K");
        }
        ks = ks.clone();
        for (int i = 0; i < ks.length; i++) {
            if (ks[i] < 1) {
                throw new IllegalArgumentException("K must be at least 1, got " + ks[i]);
            }
            for (int j = 0; j < i; j++) {
                if (ks[j] == ks[i]) {
                    throw new IllegalArgumentException("K listed twice: " + ks[i]);
                }
            }
        }
        if (device == null) {
            throw new IllegalArgumentException("a device is needed for the matrix product (Device.cpu() by default)");
        }
        if (scoreBlock < 1) {
            throw new IllegalArgumentException("scoreBlock must be >= 1, got " + scoreBlock);
        }
        if (threads < 1 || queryBlock < 1 || galleryTile < 1 || kmeansMaxIterations < 0) {
            throw new IllegalArgumentException(
                    "threads, queryBlock, galleryTile must be >= 1 and" + " kmeansMaxIterations >= 0");
        }
    }

    /** Floats in one block of scores by default: 64 MB. */
    public static final long DEFAULT_SCORE_BLOCK = 1L << 24;

    /** Defaults: all available processors, NMI on, seed 0, up to 100 Lloyd iterations, the CPU. */
    public static EvalOptions of(int[] ks) {
        return new EvalOptions(
                ks,
                Runtime.getRuntime().availableProcessors(),
                true,
                0L,
                100,
                32,
                256,
                false,
                Device.cpu(),
                DEFAULT_SCORE_BLOCK);
    }

    public EvalOptions withThreads(int t) {
        Copy c = new Copy(this);
        c.threads = t;
        return c.build();
    }

    public EvalOptions withBlocks(int qb, int tile) {
        Copy c = new Copy(this);
        c.queryBlock = qb;
        c.galleryTile = tile;
        return c.build();
    }

    public EvalOptions withNmi(boolean on) {
        Copy c = new Copy(this);
        c.computeNmi = on;
        return c.build();
    }

    public EvalOptions withKmeans(long seed, int maxIterations) {
        Copy c = new Copy(this);
        c.kmeansSeed = seed;
        c.kmeansMaxIterations = maxIterations;
        return c.build();
    }

    /** The same options with or without the progress bar (it never changes a result). */
    public EvalOptions withProgress(boolean on) {
        Copy c = new Copy(this);
        c.progress = on;
        return c.build();
    }

    /** The same options with the matrix product on another device (results are the same on any device). */
    public EvalOptions withDevice(Device d) {
        Copy c = new Copy(this);
        c.device = d;
        return c.build();
    }

    /** The same options with another score block size in floats (memory, never results). */
    public EvalOptions withScoreBlock(long floats) {
        Copy c = new Copy(this);
        c.scoreBlock = floats;
        return c.build();
    }

    /** The components of one record, to change some and build another (checked by the constructor). */
    private static final class Copy {
        private final int[] ks;
        private int threads;
        private boolean computeNmi;
        private long kmeansSeed;
        private int kmeansMaxIterations;
        private int queryBlock;
        private int galleryTile;
        private boolean progress;
        private Device device;
        private long scoreBlock;

        Copy(EvalOptions o) {
            ks = o.ks;
            threads = o.threads;
            computeNmi = o.computeNmi;
            kmeansSeed = o.kmeansSeed;
            kmeansMaxIterations = o.kmeansMaxIterations;
            queryBlock = o.queryBlock;
            galleryTile = o.galleryTile;
            progress = o.progress;
            device = o.device;
            scoreBlock = o.scoreBlock;
        }

        EvalOptions build() {
            return new EvalOptions(
                    ks,
                    threads,
                    computeNmi,
                    kmeansSeed,
                    kmeansMaxIterations,
                    queryBlock,
                    galleryTile,
                    progress,
                    device,
                    scoreBlock);
        }
    }

    @Override
    public int[] ks() {
        return ks.clone();
    }

    @Override
    public String toString() {
        return "EvalOptions[ks=" + Arrays.toString(ks) + ", threads=" + threads + ", nmi=" + computeNmi
                + ", kmeansSeed=" + kmeansSeed + ", kmeansMaxIterations=" + kmeansMaxIterations
                + ", queryBlock=" + queryBlock + ", galleryTile=" + galleryTile + ", progress=" + progress
                + ", device=" + device + ", scoreBlock=" + scoreBlock + "]";
    }
}
