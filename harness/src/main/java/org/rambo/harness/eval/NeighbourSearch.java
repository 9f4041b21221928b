package org.rambo.harness.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;

/**
 * Exact per-query retrieval statistics, found fast: the engine's matrix product, one block of
 * queries at a time, ranks the gallery approximately; each query keeps its kq + {@link #MARGIN}
 * best (kq = max(largest K, R)); the exact distances of {@link Distances} are recomputed for those
 * candidates and ordered by (distance, index) as on the exact path. {@link RoundingBounds} proves
 * the candidates hold the exact top kq: when the kq-th exact distance is not strictly below the
 * smallest exact distance any left-out item could have, that query is recomputed on the exact
 * path (its whole row of distances). Either way the statistics are those of the exact path, bit
 * for bit, whatever the device, block size or thread count.
 *
 * <p>Memory: the gallery once on the device, plus one block of scores (at most
 * {@link EvalOptions#scoreBlock()} floats) on the device and in Java.
 */
final class NeighbourSearch {

    /** Candidates kept beyond kq: room for the product's rounding before a query needs the exact path. */
    static final int MARGIN = 16;

    /** Largest side of a tile of the symmetric search. */
    static final int SYMMETRIC_TILE = 2048;

    /** Rows or columns of a tile per parallel task of the symmetric search. */
    private static final int BAND = 64;

    /** Per-query statistics in query order; how many queries took the exact path; whether the engine broke the bound. */
    record Result(
            int[] firstRank, double[] rPrecision, double[] mapAtR, int exactQueries, boolean engineInconsistent) {}

    private final float[] q;
    private final int[] ql;
    private final float[] g;
    private final int[] gl;
    private final int dim;
    private final boolean self;
    private final EvalOptions o;
    private final int maxK;
    private final int[] positives;
    private final double[] qn;
    private final double[] gn;
    private final double gnMax;
    private final RoundingBounds bounds;
    private final AtomicInteger exactQueries = new AtomicInteger();
    private final AtomicBoolean inconsistent = new AtomicBoolean();

    private final int[] firstRank;
    private final double[] rp;
    private final double[] map;

    NeighbourSearch(float[] q, int[] ql, float[] g, int[] gl, int dim, boolean self, EvalOptions o) {
        this.q = q;
        this.ql = ql;
        this.g = g;
        this.gl = gl;
        this.dim = dim;
        this.self = self;
        this.o = o;
        this.maxK = Arrays.stream(o.ks()).max().orElseThrow();
        Map<Integer, Integer> count = new HashMap<>();
        for (int l : gl) {
            count.merge(l, 1, Integer::sum);
        }
        positives = new int[ql.length];
        for (int i = 0; i < ql.length; i++) {
            positives[i] = count.getOrDefault(ql[i], 0) - (self ? 1 : 0);
        }
        this.gn = RoundingBounds.squaredNorms(g, gl.length, dim);
        this.qn = self ? gn : RoundingBounds.squaredNorms(q, ql.length, dim);
        this.gnMax = Arrays.stream(gn).max().orElse(0);
        this.bounds = new RoundingBounds(dim);
        this.firstRank = new int[ql.length];
        this.rp = new double[ql.length];
        this.map = new double[ql.length];
    }

    private boolean anyViaEngine() {
        for (int i = 0; i < ql.length; i++) {
            if (viaEngine(i)) {
                return true;
            }
        }
        return false;
    }

    /** Whether query i goes through the engine: it has positives and fewer candidates than gallery items. */
    private boolean viaEngine(int i) {
        int m = gl.length - (self ? 1 : 0);
        return positives[i] > 0 && Math.max(maxK, positives[i]) + MARGIN < m;
    }

    Result run(ProgressBar bar) {
        if (self && anyViaEngine()) {
            return runSymmetric(bar);
        }
        int nq = ql.length;
        int ng = gl.length;
        boolean anyEngine = anyViaEngine();
        int rows = (int) Math.max(1, Math.min(nq, o.scoreBlock() / Math.max(1, ng)));
        EngineProduct product = anyEngine ? new EngineProduct(o.device(), g, ng, dim) : null;
        try {
            for (int b0 = 0; b0 < nq; b0 += rows) {
                int from = b0;
                int to = Math.min(nq, b0 + rows);
                boolean blockEngine = false;
                for (int i = from; i < to && !blockEngine; i++) {
                    blockEngine = viaEngine(i);
                }
                float[] scores = blockEngine ? product.times(q, from, to) : null;
                AtomicInteger next = new AtomicInteger(from);
                int chunk = Math.max(1, (to - from) / (4 * o.threads()));
                RetrievalEvaluator.runParallel(
                        () -> {
                            Worker w = new Worker();
                            for (int c; (c = next.getAndAdd(chunk)) < to; ) {
                                for (int i = c; i < Math.min(to, c + chunk); i++) {
                                    w.query(i, scores, (i - from) * ng);
                                }
                            }
                        },
                        Math.min(o.threads(), to - from));
                if (bar != null) {
                    bar.stepBy(to - from);
                }
            }
        } finally {
            if (product != null) {
                product.close();
            }
        }
        return new Result(firstRank, rp, map, exactQueries.get(), inconsistent.get());
    }

    /**
     * The set against itself: the score matrix is symmetric up to rounding, so only tiles on and
     * above the diagonal are multiplied (half the work); a tile (I, J) feeds the candidate heaps
     * of the queries in I by its rows and those in J by its columns. The heaps live across
     * tiles; a query is finished (exact distances, proof, statistics) once its tile row is done,
     * since the tiles left of the diagonal were fed by their transposes before.
     */
    private Result runSymmetric(ProgressBar bar) {
        int n = ql.length;
        int tiles = symmetricTiles(n, o.scoreBlock());
        int tile = (n + tiles - 1) / tiles;
        int[] cap = new int[n];
        for (int i = 0; i < n; i++) {
            cap[i] = viaEngine(i) ? Math.max(maxK, positives[i]) + MARGIN : 0;
        }
        CandidateHeaps heaps = new CandidateHeaps(cap);
        try (EngineProduct product = new EngineProduct(o.device(), g, n, dim)) {
            for (int bi = 0; bi < tiles; bi++) {
                int r0 = bi * tile;
                int r1 = Math.min(n, r0 + tile);
                for (int bj = bi; bj < tiles; bj++) {
                    int c0 = bj * tile;
                    int c1 = Math.min(n, c0 + tile);
                    float[] s = product.selfTimes(r0, r1, c0, c1);
                    int rowTasks = (r1 - r0 + BAND - 1) / BAND;
                    int colTasks = bi == bj ? 0 : (c1 - c0 + BAND - 1) / BAND;
                    AtomicInteger next = new AtomicInteger();
                    RetrievalEvaluator.runParallel(
                            () -> {
                                for (int t; (t = next.getAndIncrement()) < rowTasks + colTasks; ) {
                                    if (t < rowTasks) {
                                        int a0 = r0 + t * BAND;
                                        heaps.scanRows(s, gn, r0, c0, c1, a0, Math.min(r1, a0 + BAND));
                                    } else {
                                        int b0 = c0 + (t - rowTasks) * BAND;
                                        heaps.scanColumns(s, gn, r0, r1, c0, c1, b0, Math.min(c1, b0 + BAND));
                                    }
                                }
                            },
                            Math.min(o.threads(), rowTasks + colTasks));
                }
                AtomicInteger next = new AtomicInteger(r0);
                RetrievalEvaluator.runParallel(
                        () -> {
                            Worker w = new Worker();
                            for (int i; (i = next.getAndIncrement()) < r1; ) {
                                if (cap[i] == 0) {
                                    w.query(i, null, 0);
                                } else {
                                    w.finish(i, heaps.values, heaps.items, heaps.offset[i], cap[i]);
                                }
                            }
                        },
                        Math.min(o.threads(), r1 - r0));
                if (bar != null) {
                    bar.stepBy(r1 - r0);
                }
            }
        }
        return new Result(firstRank, rp, map, exactQueries.get(), inconsistent.get());
    }

    /**
     * How many tiles a side the symmetric search splits n items into: tiles of equal size, at most
     * {@code scoreBlock} scores each, and at most {@link #SYMMETRIC_TILE} items a side, because
     * the tiles on the diagonal are multiplied whole: with t tiles a side the product costs
     * (1 + 1/t) n^2 / 2 scores instead of n^2 / 2.
     */
    static int symmetricTiles(int n, long scoreBlock) {
        long side = Math.max(1, Math.min(SYMMETRIC_TILE, (long) Math.sqrt((double) scoreBlock)));
        return (int) Math.max(1, (n + side - 1) / side);
    }

    /** One thread's scratch space. */
    private final class Worker {
        private final QueryStats stats = new QueryStats();
        private double[] heapValue = new double[0];
        private int[] heapIndex = new int[0];
        private long[] keys = new long[0];
        private long[] upper = new long[0];
        private int[] picked = new int[0];
        private double[] approx = new double[0]; // a = |q|^2 + 2 v of each candidate
        private double[] error = new double[0]; // the bound on |a - D| of each candidate
        private final float[] exact = new float[4];
        private float[] row;

        void query(int i, float[] scores, int off) {
            if (positives[i] <= 0) { // skipped, as on the exact path
                firstRank[i] = 0;
                rp[i] = Double.NaN;
                map[i] = Double.NaN;
                return;
            }
            if (!viaEngine(i)) {
                exact(i);
                return;
            }
            int c = Math.max(maxK, positives[i]) + MARGIN;
            if (heapValue.length < c) {
                heapValue = new double[c];
                heapIndex = new int[c];
            }
            // the c smallest of a_j = |q|^2 + 2 v_j, v_j = |g_j|^2 / 2 - s_j (a max-heap on v)
            int size = 0;
            int skip = self ? i : -1;
            int ng = gl.length;
            double top = Double.POSITIVE_INFINITY; // a score enters below this: the largest kept once full
            for (int j = 0; j < ng; j++) {
                double v = 0.5 * gn[j] - scores[off + j];
                if (v < top && j != skip) {
                    size = CandidateHeaps.push(heapValue, heapIndex, 0, size, c, v, j);
                    if (size == c) {
                        top = heapValue[0];
                    }
                }
            }
            finish(i, heapValue, heapIndex, 0, c);
        }

        /**
         * Query i's candidates are the full heap hv/hi[off .. off + c): exact distances, the
         * completeness proof, and the statistics from them, or the exact path when unproven.
         */
        void finish(int i, double[] hv, int[] hi, int off, int c) {
            int kq = Math.max(maxK, positives[i]);
            if (keys.length < c) {
                keys = new long[c];
                upper = new long[c];
                picked = new int[c];
                approx = new double[c];
                error = new double[c];
            }
            double qNorm = qn[i];
            // a candidate whose exact distance is provably above kq others' is not in the top kq:
            // it needs no exact distance (the kq-th exact distance is at most the kq-th upper bound)
            for (int t = 0; t < c; t++) { // non-negative doubles order as their bit patterns
                approx[t] = qNorm + 2 * hv[off + t];
                error[t] = bounds.productError(qNorm, gn[hi[off + t]]);
                upper[t] = Double.doubleToRawLongBits(bounds.exactUpper(approx[t] + error[t]));
            }
            double ceiling = Double.longBitsToDouble(QueryStats.select(upper, c, kq - 1));
            int m = 0;
            for (int t = 0; t < c; t++) {
                if (bounds.exactLower(approx[t] - error[t]) <= ceiling) {
                    picked[m++] = t;
                }
            }
            exactKeys(i, hi, off, m);
            for (int u = 0; u < m; u++) {
                int t = picked[u];
                float e = Float.intBitsToFloat((int) (keys[u] >>> 32));
                if (!bounds.consistent(approx[t], error[t], e)) {
                    inconsistent.set(true);
                }
            }
            double aLeftOut = qNorm + 2 * hv[off]; // every item left out has a >= this
            double floor = bounds.exactLower(aLeftOut - bounds.productError(qNorm, gnMax));
            Arrays.sort(keys, 0, m);
            float kth = Float.intBitsToFloat((int) (keys[kq - 1] >>> 32));
            if (kth < floor) {
                stats.computeFromTop(keys, m, kq, gl, ql[i], positives[i]);
                record(i);
            } else {
                exactQueries.incrementAndGet();
                exact(i);
            }
        }

        /** keys[u] = (exact distance, item) of candidate hi[off + picked[u]] for u < m. */
        private void exactKeys(int i, int[] hi, int off, int m) {
            int qo = i * dim;
            int u = 0;
            for (; u + 4 <= m; u += 4) { // four candidates at once, each bit-identical to squaredL2
                int j0 = hi[off + picked[u]];
                int j1 = hi[off + picked[u + 1]];
                int j2 = hi[off + picked[u + 2]];
                int j3 = hi[off + picked[u + 3]];
                Distances.squaredL2x4(q, qo, g, j0 * dim, j1 * dim, j2 * dim, j3 * dim, dim, exact, 0);
                keys[u] = QueryStats.key(exact[0], j0);
                keys[u + 1] = QueryStats.key(exact[1], j1);
                keys[u + 2] = QueryStats.key(exact[2], j2);
                keys[u + 3] = QueryStats.key(exact[3], j3);
            }
            for (; u < m; u++) {
                int j = hi[off + picked[u]];
                keys[u] = QueryStats.key(Distances.squaredL2(q, qo, g, j * dim, dim), j);
            }
        }

        /** Today's exact path for one query: the whole row of distances. */
        private void exact(int i) {
            int ng = gl.length;
            if (row == null) {
                row = new float[ng];
            }
            Distances.block(q, i, i + 1, g, ng, dim, o.galleryTile(), row);
            stats.compute(row, 0, ng, gl, ql[i], self ? i : -1);
            record(i);
        }

        private void record(int i) {
            firstRank[i] = stats.firstPositiveRank;
            rp[i] = stats.rPrecision;
            map[i] = stats.mapAtR;
        }
    }
}
