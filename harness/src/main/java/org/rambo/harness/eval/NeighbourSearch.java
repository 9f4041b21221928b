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
        int tile = (int) Math.max(1, Math.min(n, (long) Math.sqrt((double) o.scoreBlock())));
        int[] cap = new int[n];
        int[] offset = new int[n + 1];
        for (int i = 0; i < n; i++) {
            cap[i] = viaEngine(i) ? Math.max(maxK, positives[i]) + MARGIN : 0;
            offset[i + 1] = offset[i] + cap[i];
        }
        double[] hv = new double[offset[n]];
        int[] hi = new int[offset[n]];
        int[] size = new int[n];
        // the value a score must be below to enter query i's heap: its largest entry once full
        // (+infinity before); -infinity for queries not searched this way, so nothing enters
        double[] top = new double[n];
        for (int i = 0; i < n; i++) {
            top[i] = cap[i] == 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        int tiles = (n + tile - 1) / tile;
        try (EngineProduct product = new EngineProduct(o.device(), g, n, dim)) {
            for (int bi = 0; bi < tiles; bi++) {
                int r0 = bi * tile;
                int r1 = Math.min(n, r0 + tile);
                for (int bj = bi; bj < tiles; bj++) {
                    int c0 = bj * tile;
                    int c1 = Math.min(n, c0 + tile);
                    float[] s = product.times(q, r0, r1, c0, c1);
                    int width = c1 - c0;
                    boolean diagonal = bi == bj;
                    int rowTasks = (r1 - r0 + 63) / 64;
                    int colTasks = diagonal ? 0 : (width + 63) / 64;
                    AtomicInteger next = new AtomicInteger();
                    RetrievalEvaluator.runParallel(
                            () -> {
                                for (int t; (t = next.getAndIncrement()) < rowTasks + colTasks; ) {
                                    if (t < rowTasks) { // rows of the tile: queries r0.. against columns c0..
                                        int a0 = r0 + t * 64;
                                        for (int i = a0; i < Math.min(r1, a0 + 64); i++) {
                                            int base = (i - r0) * width - c0;
                                            for (int j = c0; j < c1; j++) {
                                                double v = 0.5 * gn[j] - s[base + j];
                                                if (v < top[i] && j != i) {
                                                    offer(hv, hi, offset, size, cap, top, i, v, j);
                                                }
                                            }
                                        }
                                    } else { // columns of the tile: queries c0.. against rows r0..
                                        int b0 = c0 + (t - rowTasks) * 64;
                                        int b1 = Math.min(c1, b0 + 64);
                                        for (int i = r0; i < r1; i++) {
                                            int base = (i - r0) * width - c0;
                                            double half = 0.5 * gn[i];
                                            for (int j = b0; j < b1; j++) {
                                                double v = half - s[base + j];
                                                if (v < top[j]) {
                                                    offer(hv, hi, offset, size, cap, top, j, v, i);
                                                }
                                            }
                                        }
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
                                    w.finish(i, hv, hi, offset[i], cap[i]);
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

    /** Pushes (v, j) into query i's heap and updates its entry threshold top[i]. */
    private static void offer(
            double[] hv, int[] hi, int[] offset, int[] size, int[] cap, double[] top, int i, double v, int j) {
        size[i] = push(hv, hi, offset[i], size[i], cap[i], v, j);
        if (size[i] == cap[i]) {
            top[i] = hv[offset[i]];
        }
    }

    /**
     * Offers (v, j) to the max-heap hv/hi[off .. off + cap) holding {@code size} entries: kept
     * while there is room, else it replaces the largest when smaller. Returns the new size.
     */
    static int push(double[] hv, int[] hi, int off, int size, int cap, double v, int j) {
        if (size < cap) {
            int at = size;
            while (at > 0) {
                int parent = (at - 1) >>> 1;
                if (hv[off + parent] >= v) {
                    break;
                }
                hv[off + at] = hv[off + parent];
                hi[off + at] = hi[off + parent];
                at = parent;
            }
            hv[off + at] = v;
            hi[off + at] = j;
            return size + 1;
        }
        if (!(v < hv[off])) {
            return size;
        }
        int at = 0;
        while (true) {
            int child = 2 * at + 1;
            if (child >= cap) {
                break;
            }
            if (child + 1 < cap && hv[off + child + 1] > hv[off + child]) {
                child++;
            }
            if (hv[off + child] <= v) {
                break;
            }
            hv[off + at] = hv[off + child];
            hi[off + at] = hi[off + child];
            at = child;
        }
        hv[off + at] = v;
        hi[off + at] = j;
        return size;
    }

    /** One thread's scratch space. */
    private final class Worker {
        private final QueryStats stats = new QueryStats();
        private double[] heapValue = new double[0];
        private int[] heapIndex = new int[0];
        private long[] keys = new long[0];
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
                    size = push(heapValue, heapIndex, 0, size, c, v, j);
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
            }
            double qNorm = qn[i];
            int qo = i * dim;
            int t4 = 0;
            for (; t4 + 4 <= c; t4 += 4) { // four candidates at once, each bit-identical to squaredL2
                int h = off + t4;
                Distances.squaredL2x4(
                        q, qo, g, hi[h] * dim, hi[h + 1] * dim, hi[h + 2] * dim, hi[h + 3] * dim, dim, exact, 0);
                for (int u = 0; u < 4; u++) {
                    keys[t4 + u] = QueryStats.key(exact[u], hi[h + u]);
                }
            }
            for (int t = t4; t < c; t++) {
                keys[t] = QueryStats.key(Distances.squaredL2(q, qo, g, hi[off + t] * dim, dim), hi[off + t]);
            }
            for (int t = 0; t < c; t++) {
                int j = hi[off + t];
                float e = Float.intBitsToFloat((int) (keys[t] >>> 32));
                double a = qNorm + 2 * hv[off + t];
                if (!bounds.consistent(a, bounds.productError(qNorm, gn[j]), e)) {
                    inconsistent.set(true);
                }
            }
            double aLeftOut = qNorm + 2 * hv[off]; // every item left out has a >= this
            double floor = bounds.exactLower(aLeftOut - bounds.productError(qNorm, gnMax));
            Arrays.sort(keys, 0, c);
            float kth = Float.intBitsToFloat((int) (keys[kq - 1] >>> 32));
            if (kth < floor) {
                stats.computeFromTop(keys, c, kq, gl, ql[i], positives[i]);
                record(i);
            } else {
                exactQueries.incrementAndGet();
                exact(i);
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
