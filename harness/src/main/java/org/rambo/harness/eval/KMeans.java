package org.rambo.harness.eval;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import me.tongfei.progressbar.ProgressBar;

/**
 * Deterministic k-means (Lloyd) with k-means++ seeding, on the same float distance as retrieval.
 * Given the seed, the result is the same on any thread count and device: assignments are exact
 * argmins of {@link Distances} (ties to the lower centre index), and centroid sums are accumulated
 * in double in point order ({@link Centroids}).
 *
 * <p>Speed without changing results: {@link CentreSearch} lets the engine's matrix product rank
 * centres and computes exact distances only for those that could win. The seeding
 * ({@link KMeansSeeding}) already knows every point's nearest seed, so the first assignment costs
 * nothing; from the second Lloyd pass on, a point whose centre did not move is compared only with
 * the centres that moved.
 *
 * <p>Seeding: with at most {@link #SEQUENTIAL_SEEDING_MAX_K} clusters, classic k-means++ (one
 * centre per D^2 draw). With more (SOP, In-shop: thousands), the centres are drawn in at most
 * {@link #SEEDING_ROUNDS} rounds of ceil(k / rounds) independent D^2 draws each, distances
 * updated once per round by the matrix product: the same distribution within a round, a
 * slightly different seeding than one centre at a time, at a fraction of the cost.
 */
public final class KMeans {
    private KMeans() {}

    /** Largest k seeded one centre at a time. */
    static final int SEQUENTIAL_SEEDING_MAX_K = 128;

    /** Rounds of batched seeding for larger k. */
    static final int SEEDING_ROUNDS = 32;

    /** Point-centre pairs from which k-means shows a progress bar (when asked). */
    static final long PROGRESS_MIN_PAIRS = 20_000_000L;

    /**
     * @param assignment the cluster index (0..k-1) of each row
     * @param iterations Lloyd passes run after seeding
     */
    public record Result(int[] assignment, int iterations) {}

    /** One Lloyd assignment: updates assign and best (exact distance), returns whether any point changed cluster. */
    private interface Pass {
        boolean assign(float[] centres, boolean[] moved, int[] assign, float[] best);
    }

    /**
     * @return the cluster index (0..k-1) of each of the n rows of x
     */
    public static int[] cluster(float[] x, int n, int dim, int k, long seed, int maxIterations, int threads) {
        EvalOptions o =
                EvalOptions.of(new int[] {1}).withKmeans(seed, maxIterations).withThreads(threads);
        return cluster(x, n, dim, k, o).assignment();
    }

    /** k-means with the seed, iteration cap, threads, device and progress bar of the options. */
    public static Result cluster(float[] x, int n, int dim, int k, EvalOptions o) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k-means needs 1 <= k <= n, got k=" + k + " n=" + n);
        }
        int perRound = centresPerRound(k);
        ProgressBar bar = o.progress() && (long) n * k >= PROGRESS_MIN_PAIRS
                ? Progress.bar("k-means", (k + perRound - 2) / perRound + o.kmeansMaxIterations(), " passes")
                : null;
        Runnable step = bar == null ? () -> {} : bar::step;
        CentreSearch search = new CentreSearch(x, n, dim, o);
        try {
            KMeansSeeding.Seeds seeds;
            try (EngineProduct points = new EngineProduct(o.device(), x, n, dim, true)) {
                seeds = KMeansSeeding.seed(
                        x, n, dim, k, new SplittableRandom(o.kmeansSeed()), perRound, search.lowering(points), step);
            }
            Pass pass = (c, moved, a, b) -> search.assign(c, k, moved, a, b);
            if (!search.inconsistent()) {
                Result r = lloyd(
                        x, n, dim, k, o.kmeansMaxIterations(), o.threads(), seeds, pass, search::inconsistent, step);
                if (!search.inconsistent()) {
                    return r;
                }
            }
        } finally {
            if (bar != null) {
                bar.stepTo(bar.getMax());
                bar.close();
            }
        }
        System.err.println("k-means: the matrix product on " + o.device()
                + " is less precise than float32 allows; clustering again with exact distances only");
        return exactCluster(x, n, dim, k, o);
    }

    /**
     * k-means on exact distances only, every point against every centre: the fallback, with the
     * same clusters as {@link #cluster(float[], int, int, int, EvalOptions)}.
     */
    static Result exactCluster(float[] x, int n, int dim, int k, EvalOptions o) {
        return exactCluster(x, n, dim, k, o, centresPerRound(k));
    }

    /** {@link #exactCluster(float[], int, int, int, EvalOptions)} seeded in rounds of the given size (1: classic k-means++). */
    static Result exactCluster(float[] x, int n, int dim, int k, EvalOptions o, int perRound) {
        SplittableRandom rnd = new SplittableRandom(o.kmeansSeed());
        KMeansSeeding.Lowering lowering = KMeansSeeding.exact(x, n, dim, o.threads());
        KMeansSeeding.Seeds seeds = KMeansSeeding.seed(x, n, dim, k, rnd, perRound, lowering, () -> {});
        return lloyd(
                x,
                n,
                dim,
                k,
                o.kmeansMaxIterations(),
                o.threads(),
                seeds,
                (c, moved, a, b) -> assignAll(x, n, dim, c, k, a, b, o.threads()),
                () -> false,
                () -> {});
    }

    /** Centres drawn per seeding round for k clusters. */
    static int centresPerRound(int k) {
        return k <= SEQUENTIAL_SEEDING_MAX_K ? 1 : (k + SEEDING_ROUNDS - 1) / SEEDING_ROUNDS;
    }

    /**
     * Lloyd passes from the seeds, whose nearest-seed assignment is pass 0: update the centres,
     * reassign, until no point changes cluster, {@code maxIterations} updates were made, or
     * {@code stop} says so. Returns the assignment and the number of updates.
     */
    private static Result lloyd(
            float[] x,
            int n,
            int dim,
            int k,
            int maxIterations,
            int threads,
            KMeansSeeding.Seeds seeds,
            Pass pass,
            BooleanSupplier stop,
            Runnable step) {
        float[] centres = seeds.centres();
        int[] assign = seeds.nearest().clone();
        float[] best = seeds.distance().clone();
        boolean[] moved = new boolean[k];
        int it = 0;
        while (it < maxIterations && !stop.getAsBoolean()) {
            float[] next = Centroids.update(x, n, dim, k, assign, best, threads);
            for (int j = 0; j < k; j++) {
                moved[j] = !Arrays.equals(centres, j * dim, (j + 1) * dim, next, j * dim, (j + 1) * dim);
            }
            centres = next;
            it++;
            boolean changed = pass.assign(centres, moved, assign, best);
            step.run();
            if (!changed) {
                break;
            }
        }
        return new Result(assign, it);
    }

    private static boolean assignAll(
            float[] x, int n, int dim, float[] c, int k, int[] assign, float[] best, int threads) {
        int block = 256;
        int blocks = (n + block - 1) / block;
        AtomicInteger next = new AtomicInteger();
        boolean[] changed = new boolean[blocks];
        RetrievalEvaluator.runParallel(
                () -> {
                    for (int b; (b = next.getAndIncrement()) < blocks; ) {
                        for (int i = b * block; i < Math.min(n, (b + 1) * block); i++) {
                            int arg = 0;
                            float bd = Float.POSITIVE_INFINITY;
                            for (int j = 0; j < k; j++) { // ties go to the lower centre index
                                float d = Distances.squaredL2(x, i * dim, c, j * dim, dim);
                                if (d < bd) {
                                    bd = d;
                                    arg = j;
                                }
                            }
                            if (assign[i] != arg) {
                                assign[i] = arg;
                                changed[b] = true;
                            }
                            best[i] = bd;
                        }
                    }
                },
                Math.min(threads, blocks));
        for (boolean ch : changed) {
            if (ch) {
                return true;
            }
        }
        return false;
    }
}
