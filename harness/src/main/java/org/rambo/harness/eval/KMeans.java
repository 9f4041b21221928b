package org.rambo.harness.eval;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;

/**
 * Deterministic k-means (Lloyd) with k-means++ seeding, on the same float distance as retrieval.
 * Given the seed, the result is the same on any thread count and device: assignments are exact
 * argmins of {@link Distances} (ties to the lower centre index), and centroid sums are accumulated
 * in double in point order.
 *
 * <p>Speed without changing results: the engine's matrix product ranks centres approximately and
 * {@link RoundingBounds} keeps every centre whose exact distance could still be the smallest;
 * only those get an exact distance. From the second Lloyd pass on, a point whose centre did not
 * move is compared only with the centres that moved (the others are at the same exact distance
 * as before, so its argmin among them cannot change).
 *
 * <p>Seeding: with at most {@link #SEQUENTIAL_SEEDING_MAX_K} clusters, classic k-means++ (one
 * centre per D^2 draw). With more (SOP, In-shop: thousands), the centres are drawn in about
 * {@link #SEEDING_ROUNDS} rounds of ceil(k / rounds) independent D^2 draws each, distances
 * updated once per round by the matrix product: the same distribution within a round, a
 * slightly different seeding than one centre at a time, at a fraction of the cost.
 */
public final class KMeans {
    private KMeans() {}

    private static final int BLOCK = 256;

    /** Largest k seeded one centre at a time. */
    static final int SEQUENTIAL_SEEDING_MAX_K = 128;

    /** Rounds of batched seeding for larger k. */
    static final int SEEDING_ROUNDS = 256;

    /** Point-centre pairs from which k-means shows a progress bar (when asked). */
    static final long PROGRESS_MIN_PAIRS = 20_000_000L;

    /**
     * @param assignment the cluster index (0..k-1) of each row
     * @param iterations Lloyd passes run after seeding
     */
    public record Result(int[] assignment, int iterations) {}

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
        boolean large = o.progress() && (long) n * k >= PROGRESS_MIN_PAIRS;
        Lloyd fast = new Lloyd(x, n, dim, k, o, large);
        try {
            Result r = fast.run();
            if (!fast.inconsistent.get()) {
                return r;
            }
        } finally {
            fast.closeBar();
        }
        System.err.println("k-means: the matrix product on " + o.device()
                + " is less precise than float32 allows; clustering again with exact distances only");
        return exactCluster(x, n, dim, k, o);
    }

    /** Today's scalar k-means: every point against every centre. The reference and the fallback. */
    static Result exactCluster(float[] x, int n, int dim, int k, EvalOptions o) {
        float[] centers = seedPlusPlus(x, n, dim, k, new SplittableRandom(o.kmeansSeed()));
        int[] assign = new int[n];
        float[] best = new float[n];
        Arrays.fill(assign, -1);
        int it = 0;
        for (; it <= o.kmeansMaxIterations(); it++) {
            boolean changed = assignAll(x, n, dim, centers, k, assign, best, o.threads());
            if (!changed || it == o.kmeansMaxIterations()) {
                break;
            }
            centers = update(x, n, dim, k, assign, best);
        }
        return new Result(assign, it);
    }

    /** The fast path: seeding and Lloyd passes with candidate centres from the matrix product. */
    private static final class Lloyd {
        final float[] x;
        final int n;
        final int dim;
        final int k;
        final EvalOptions o;
        final double[] xn;
        final RoundingBounds bounds;
        final AtomicBoolean inconsistent = new AtomicBoolean();
        final ProgressBar bar;

        Lloyd(float[] x, int n, int dim, int k, EvalOptions o, boolean showProgress) {
            this.x = x;
            this.n = n;
            this.dim = dim;
            this.k = k;
            this.o = o;
            this.xn = RoundingBounds.squaredNorms(x, n, dim);
            this.bounds = new RoundingBounds(dim);
            int rounds = k <= SEQUENTIAL_SEEDING_MAX_K ? 0 : SEEDING_ROUNDS;
            this.bar = showProgress ? Progress.bar("k-means", rounds + o.kmeansMaxIterations() + 1, " passes") : null;
        }

        void closeBar() {
            if (bar != null) {
                bar.close();
            }
        }

        private void step() {
            if (bar != null) {
                bar.step();
            }
        }

        Result run() {
            SplittableRandom rnd = new SplittableRandom(o.kmeansSeed());
            float[] centers = k <= SEQUENTIAL_SEEDING_MAX_K ? seedPlusPlus(x, n, dim, k, rnd) : seedBatched(rnd);
            int[] assign = new int[n];
            float[] best = new float[n];
            Arrays.fill(assign, -1);
            boolean[] moved = new boolean[k];
            Arrays.fill(moved, true);
            int it = 0;
            for (; it <= o.kmeansMaxIterations(); it++) {
                boolean changed = assignMoved(centers, moved, assign, best);
                step();
                if (!changed || it == o.kmeansMaxIterations() || inconsistent.get()) {
                    break;
                }
                float[] next = update(x, n, dim, k, assign, best);
                for (int j = 0; j < k; j++) {
                    moved[j] = !Arrays.equals(centers, j * dim, (j + 1) * dim, next, j * dim, (j + 1) * dim);
                }
                centers = next;
            }
            if (bar != null) {
                bar.stepTo(bar.getMax());
            }
            return new Result(assign, it);
        }

        /**
         * One Lloyd assignment. Points whose centre moved (all of them on the first pass, when
         * assign is -1) are matched against every centre; the others only against the moved
         * centres, keeping their current centre unless a moved one is nearer (or as near with a
         * lower index). Returns whether any assignment changed.
         */
        boolean assignMoved(float[] centers, boolean[] moved, int[] assign, float[] best) {
            int[] full = points(i -> assign[i] < 0 || moved[assign[i]]);
            int[] partial = points(i -> assign[i] >= 0 && !moved[assign[i]]);
            int[] movedIdx = indices(moved);
            AtomicBoolean changed = new AtomicBoolean();
            if (full.length > 0) {
                against(full, centers, range(k), assign, best, true, changed);
            }
            if (partial.length > 0 && movedIdx.length > 0) {
                float[] sub = new float[movedIdx.length * dim];
                for (int t = 0; t < movedIdx.length; t++) {
                    System.arraycopy(centers, movedIdx[t] * dim, sub, t * dim, dim);
                }
                against(partial, sub, movedIdx, assign, best, false, changed);
            }
            return changed.get();
        }

        /**
         * The given points against the given centres (rows of cs, centre index ids[t]). With
         * {@code fresh} the point takes the exact argmin over these centres; otherwise a centre
         * replaces the current one only when (distance, index) is smaller.
         */
        private void against(
                int[] pts, float[] cs, int[] ids, int[] assign, float[] best, boolean fresh, AtomicBoolean changed) {
            int m = ids.length;
            double[] cn = RoundingBounds.squaredNorms(cs, m, dim);
            double cnMax = Arrays.stream(cn).max().orElse(0);
            int rows = (int) Math.max(1, Math.min(pts.length, o.scoreBlock() / m));
            try (EngineProduct product = new EngineProduct(o.device(), cs, m, dim)) {
                float[] block = new float[rows * dim];
                for (int b0 = 0; b0 < pts.length; b0 += rows) {
                    int from = b0;
                    int to = Math.min(pts.length, b0 + rows);
                    for (int t = from; t < to; t++) {
                        System.arraycopy(x, pts[t] * dim, block, (t - from) * dim, dim);
                    }
                    float[] s = product.times(block, to - from);
                    AtomicInteger next = new AtomicInteger(from);
                    RetrievalEvaluator.runParallel(
                            () -> {
                                for (int t; (t = next.getAndIncrement()) < to; ) {
                                    int i = pts[t];
                                    int off = (t - from) * m;
                                    if (fresh) {
                                        freshArgmin(i, s, off, cs, ids, cn, cnMax, assign, best, changed);
                                    } else {
                                        challenge(i, s, off, cs, ids, cn, cnMax, assign, best, changed);
                                    }
                                }
                            },
                            Math.min(o.threads(), to - from));
                }
            }
        }

        private void freshArgmin(
                int i,
                float[] s,
                int off,
                float[] cs,
                int[] ids,
                double[] cn,
                double cnMax,
                int[] assign,
                float[] best,
                AtomicBoolean changed) {
            int m = ids.length;
            double xi = xn[i];
            double amin = Double.POSITIVE_INFINITY;
            for (int t = 0; t < m; t++) {
                double a = xi + cn[t] - 2.0 * s[off + t];
                if (a < amin) {
                    amin = a;
                }
            }
            double err = bounds.productError(xi, cnMax);
            double ceiling = bounds.exactUpper(amin + err); // the exact minimum is at most this
            int arg = -1;
            float bd = Float.POSITIVE_INFINITY;
            for (int t = 0; t < m; t++) { // ascending centre index: ties go to the lower one
                double a = xi + cn[t] - 2.0 * s[off + t];
                if (bounds.exactLower(a - err) > ceiling) {
                    continue;
                }
                float d = Distances.squaredL2(x, i * dim, cs, t * dim, dim);
                check(a, xi, cn[t], d);
                if (arg < 0 || d < bd) {
                    bd = d;
                    arg = ids[t];
                }
            }
            if (assign[i] != arg) {
                assign[i] = arg;
                changed.set(true);
            }
            best[i] = bd;
        }

        private void challenge(
                int i,
                float[] s,
                int off,
                float[] cs,
                int[] ids,
                double[] cn,
                double cnMax,
                int[] assign,
                float[] best,
                AtomicBoolean changed) {
            int m = ids.length;
            double xi = xn[i];
            double err = bounds.productError(xi, cnMax);
            int arg = assign[i];
            float bd = best[i];
            for (int t = 0; t < m; t++) {
                double a = xi + cn[t] - 2.0 * s[off + t];
                if (bounds.exactLower(a - err) > bd) {
                    continue;
                }
                float d = Distances.squaredL2(x, i * dim, cs, t * dim, dim);
                check(a, xi, cn[t], d);
                if (d < bd || (d == bd && ids[t] < arg)) {
                    bd = d;
                    arg = ids[t];
                }
            }
            if (assign[i] != arg) {
                assign[i] = arg;
                changed.set(true);
            }
            best[i] = bd;
        }

        private void check(double a, double n1, double n2, float exact) {
            if (!bounds.consistent(a, bounds.productError(n1, n2), exact)) {
                inconsistent.set(true);
            }
        }

        /**
         * k-means++ in rounds: each round draws up to ceil(k / rounds) centres from the D^2
         * distribution of the centres so far (a point drawn twice counts once), then lowers
         * every point's D^2 by the round's centres, exactly, where the matrix product says a
         * new centre could be nearer.
         */
        float[] seedBatched(SplittableRandom rnd) {
            float[] c = new float[k * dim];
            boolean[] chosen = new boolean[n];
            int first = rnd.nextInt(n);
            System.arraycopy(x, first * dim, c, 0, dim);
            chosen[first] = true;
            double[] d2 = new double[n];
            for (int i = 0; i < n; i++) {
                d2[i] = Distances.squaredL2(x, i * dim, c, 0, dim);
            }
            int have = 1;
            int perRound = (k + SEEDING_ROUNDS - 1) / SEEDING_ROUNDS;
            double[] prefix = new double[n];
            try (EngineProduct points = new EngineProduct(o.device(), x, n, dim)) {
                while (have < k) {
                    double total = 0;
                    for (int i = 0; i < n; i++) {
                        total += d2[i];
                        prefix[i] = total;
                    }
                    int start = have;
                    int want = Math.min(perRound, k - have);
                    for (int r = 0; r < want; r++) {
                        int pick = -1;
                        if (total > 0) {
                            double u = rnd.nextDouble() * total;
                            pick = firstAbove(prefix, u);
                            if (pick < 0) { // u landed on the rounding slack at the very end
                                for (int i = n - 1; i >= 0; i--) {
                                    if (d2[i] > 0) {
                                        pick = i;
                                        break;
                                    }
                                }
                            }
                        }
                        if (pick < 0) { // fewer distinct points than k: take the first unused point
                            for (int i = 0; i < n; i++) {
                                if (!chosen[i]) {
                                    pick = i;
                                    break;
                                }
                            }
                        }
                        if (chosen[pick]) {
                            continue;
                        }
                        chosen[pick] = true;
                        System.arraycopy(x, pick * dim, c, have * dim, dim);
                        have++;
                    }
                    lower(points, d2, Arrays.copyOfRange(c, start * dim, have * dim), have - start);
                    step();
                }
            }
            return c;
        }

        /**
         * d2[i] = min(d2[i], exact distance to each of the m new centres). The points stay on
         * the device for the whole seeding ({@code points}); each round multiplies only its new
         * centres, (m x n) scores, so a round costs one pass over the points.
         */
        private void lower(EngineProduct points, double[] d2, float[] cs, int m) {
            double[] cn = RoundingBounds.squaredNorms(cs, m, dim);
            double cnMax = Arrays.stream(cn).max().orElse(0);
            float[] s = points.times(cs, m);
            int chunk = 1024;
            int chunks = (n + chunk - 1) / chunk;
            AtomicInteger next = new AtomicInteger();
            RetrievalEvaluator.runParallel(
                    () -> {
                        for (int c; (c = next.getAndIncrement()) < chunks; ) {
                            int from = c * chunk;
                            int to = Math.min(n, from + chunk);
                            for (int t = 0; t < m; t++) {
                                int row = t * n;
                                for (int i = from; i < to; i++) {
                                    double a = xn[i] + cn[t] - 2.0 * s[row + i];
                                    if (bounds.exactLower(a - bounds.productError(xn[i], cnMax)) >= d2[i]) {
                                        continue;
                                    }
                                    float d = Distances.squaredL2(x, i * dim, cs, t * dim, dim);
                                    check(a, xn[i], cn[t], d);
                                    if (d < d2[i]) {
                                        d2[i] = d;
                                    }
                                }
                            }
                        }
                    },
                    Math.min(o.threads(), chunks));
        }

        private int[] points(java.util.function.IntPredicate keep) {
            return java.util.stream.IntStream.range(0, n).filter(keep).toArray();
        }
    }

    /** The first index whose prefix sum exceeds u (it then has a positive weight), or -1. */
    static int firstAbove(double[] prefix, double u) {
        int lo = 0;
        int hi = prefix.length; // answer in [lo, hi]; hi = none
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (prefix[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo < prefix.length ? lo : -1;
    }

    private static int[] range(int m) {
        int[] r = new int[m];
        for (int i = 0; i < m; i++) {
            r[i] = i;
        }
        return r;
    }

    private static int[] indices(boolean[] flags) {
        int c = 0;
        for (boolean f : flags) {
            if (f) {
                c++;
            }
        }
        int[] r = new int[c];
        c = 0;
        for (int j = 0; j < flags.length; j++) {
            if (flags[j]) {
                r[c++] = j;
            }
        }
        return r;
    }

    private static float[] seedPlusPlus(float[] x, int n, int dim, int k, SplittableRandom rnd) {
        float[] c = new float[k * dim];
        boolean[] chosen = new boolean[n];
        int first = rnd.nextInt(n);
        System.arraycopy(x, first * dim, c, 0, dim);
        chosen[first] = true;
        double[] d2 = new double[n];
        for (int i = 0; i < n; i++) {
            d2[i] = Distances.squaredL2(x, i * dim, c, 0, dim);
        }
        for (int j = 1; j < k; j++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += d2[i];
            }
            int pick = -1;
            if (total > 0) {
                double u = rnd.nextDouble() * total;
                double acc = 0;
                for (int i = 0; i < n; i++) {
                    acc += d2[i];
                    if (d2[i] > 0 && acc > u) {
                        pick = i;
                        break;
                    }
                }
                if (pick < 0) { // u landed on the rounding slack at the very end
                    for (int i = n - 1; i >= 0; i--) {
                        if (d2[i] > 0) {
                            pick = i;
                            break;
                        }
                    }
                }
            }
            if (pick < 0) { // fewer distinct points than k: take the first unused point
                for (int i = 0; i < n; i++) {
                    if (!chosen[i]) {
                        pick = i;
                        break;
                    }
                }
            }
            chosen[pick] = true;
            System.arraycopy(x, pick * dim, c, j * dim, dim);
            for (int i = 0; i < n; i++) {
                double d = Distances.squaredL2(x, i * dim, c, j * dim, dim);
                if (d < d2[i]) {
                    d2[i] = d;
                }
            }
        }
        return c;
    }

    private static boolean assignAll(
            float[] x, int n, int dim, float[] c, int k, int[] assign, float[] best, int threads) {
        int blocks = (n + BLOCK - 1) / BLOCK;
        AtomicInteger next = new AtomicInteger();
        boolean[] changed = new boolean[blocks];
        RetrievalEvaluator.runParallel(
                () -> {
                    for (int b; (b = next.getAndIncrement()) < blocks; ) {
                        int lo = b * BLOCK;
                        int hi = Math.min(n, lo + BLOCK);
                        for (int i = lo; i < hi; i++) {
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

    private static float[] update(float[] x, int n, int dim, int k, int[] assign, float[] best) {
        double[] sum = new double[k * dim];
        int[] count = new int[k];
        for (int i = 0; i < n; i++) {
            int j = assign[i];
            count[j]++;
            for (int d = 0; d < dim; d++) {
                sum[j * dim + d] += x[i * dim + d];
            }
        }
        float[] c = new float[k * dim];
        for (int j = 0; j < k; j++) {
            for (int d = 0; d < dim && count[j] > 0; d++) {
                c[j * dim + d] = (float) (sum[j * dim + d] / count[j]);
            }
        }
        // Empty clusters restart at the point farthest from its centre (lowest index on ties)
        // whose cluster can spare it: a deterministic rule.
        int[] left = count.clone();
        boolean[] taken = new boolean[n];
        for (int j = 0; j < k; j++) {
            if (count[j] > 0) {
                continue;
            }
            int far = -1;
            for (int i = 0; i < n; i++) {
                if (!taken[i] && left[assign[i]] > 1 && (far < 0 || best[i] > best[far])) {
                    far = i;
                }
            }
            if (far >= 0) {
                taken[far] = true;
                left[assign[far]]--;
                System.arraycopy(x, far * dim, c, j * dim, dim);
            }
        }
        return c;
    }
}
