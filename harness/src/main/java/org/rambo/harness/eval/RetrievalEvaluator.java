package org.rambo.harness.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;
import org.rambo.runfolder.MetricNames;

/**
 * Retrieval metrics from embeddings: recall_at_K, precision_at_1, r_precision,
 * map_at_r (as in Musgrave et al., "A Metric Learning Reality Check"), nmi of k-means clusters,
 * and queries_skipped.
 *
 * <p>Neighbours are exact: squared Euclidean distance on the vectors as given (normalise them
 * first if the model's scores are cosine), ties broken by gallery index. In the self-retrieval
 * form the query is removed from its own list. A query with no other item of its class (R = 0)
 * is skipped and counted; every other metric is a mean over the remaining queries (NaN when
 * none remain).
 *
 * <p>Candidates come from the engine's matrix product, block by block, and are ranked by the
 * exact distances of {@link Distances} ({@link NeighbourSearch}); a query whose candidates cannot
 * be proven complete takes the exact path, a whole row of distances. Memory is bounded by the
 * score block, not O(n^2). Each query's statistics land in its own slot and are summed in query
 * order afterwards, so results do not depend on the device, the number of threads or timing.
 */
public final class RetrievalEvaluator {

    /** Query-gallery pairs from which a search shows a progress bar (when asked): a few seconds of work. */
    static final long PROGRESS_MIN_PAIRS = 200_000_000L;

    private RetrievalEvaluator() {}

    /** Metric names in output order for the given Ks. */
    public static List<String> metricNames(int[] ks) {
        return MetricNames.retrieval(ks);
    }

    /** The set against itself, each query excluded from its own list. */
    public static Map<String, Double> evaluate(float[] embeddings, int dim, int[] labels, int[] ks) {
        return evaluate(embeddings, dim, labels, EvalOptions.of(ks));
    }

    public static Map<String, Double> evaluate(float[] embeddings, int dim, int[] labels, EvalOptions options) {
        return run(embeddings, dim, labels, options).metrics();
    }

    /** {@link #evaluate(float[], int, int[], EvalOptions)} with the time each part took. */
    public static Evaluation run(float[] embeddings, int dim, int[] labels, EvalOptions options) {
        checkShape("embeddings", embeddings, labels, dim);
        return timed(embeddings, labels, embeddings, labels, dim, true, options);
    }

    /** Queries against a separate gallery (In-shop); nothing is excluded. NMI clusters the queries. */
    public static Map<String, Double> evaluate(
            float[] queries, int[] queryLabels, float[] gallery, int[] galleryLabels, int dim, int[] ks) {
        return evaluate(queries, queryLabels, gallery, galleryLabels, dim, EvalOptions.of(ks));
    }

    public static Map<String, Double> evaluate(
            float[] queries, int[] queryLabels, float[] gallery, int[] galleryLabels, int dim, EvalOptions options) {
        return run(queries, queryLabels, gallery, galleryLabels, dim, options).metrics();
    }

    /** The query/gallery evaluation with the time each part took. */
    public static Evaluation run(
            float[] queries, int[] queryLabels, float[] gallery, int[] galleryLabels, int dim, EvalOptions options) {
        checkShape("queries", queries, queryLabels, dim);
        checkShape("gallery", gallery, galleryLabels, dim);
        return timed(queries, queryLabels, gallery, galleryLabels, dim, false, options);
    }

    private static Evaluation timed(float[] q, int[] ql, float[] g, int[] gl, int dim, boolean self, EvalOptions o) {
        long t0 = System.nanoTime();
        NeighbourSearch.Result pq = search(q, ql, g, gl, dim, self, o);
        long t1 = System.nanoTime();
        int iterations = 0;
        double nmi = Double.NaN;
        if (o.computeNmi()) {
            int k = (int) Arrays.stream(ql).distinct().count();
            KMeans.Result km = KMeans.cluster(q, ql.length, dim, k, o);
            nmi = Nmi.nmi(ql, km.assignment());
            iterations = km.iterations();
        }
        long t2 = System.nanoTime();
        return new Evaluation(
                summarise(pq, nmi, o.ks()), (t1 - t0) / 1e9, (t2 - t1) / 1e9, pq.exactQueries(), iterations);
    }

    private static void checkShape(String what, float[] x, int[] labels, int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be at least 1, got " + dim);
        }
        if (x.length != (long) labels.length * dim) {
            throw new IllegalArgumentException(
                    what + ": " + x.length + " values is not " + labels.length + " labels x dim " + dim);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                throw new IllegalArgumentException(
                        what + ": row " + (i / dim) + " has a non-finite value " + x[i] + " at column " + (i % dim));
            }
        }
    }

    private static NeighbourSearch.Result search(
            float[] q, int[] ql, float[] g, int[] gl, int dim, boolean self, EvalOptions o) {
        ProgressBar bar = o.progress() && (long) ql.length * gl.length >= PROGRESS_MIN_PAIRS
                ? Progress.bar("neighbours", ql.length, " queries")
                : null;
        try {
            NeighbourSearch.Result r = new NeighbourSearch(q, ql, g, gl, dim, self, o).run(bar);
            if (!r.engineInconsistent()) {
                return r;
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        // The engine broke the float32 error bound (a lower-precision matrix product): its
        // candidates prove nothing, so every query takes the exact path.
        System.err.println("evaluation: the matrix product on " + o.device()
                + " is less precise than float32 allows; recomputing every query exactly");
        return exactSearch(q, ql, g, gl, dim, self, o);
    }

    /** Every query on the exact path: whole rows of distances, block by block. */
    static NeighbourSearch.Result exactSearch(
            float[] q, int[] ql, float[] g, int[] gl, int dim, boolean self, EvalOptions o) {
        int nq = ql.length;
        int ng = gl.length;
        int[] firstRank = new int[nq];
        double[] rp = new double[nq];
        double[] map = new double[nq];
        int block = o.queryBlock();
        int blocks = (nq + block - 1) / block;
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            float[] dist = new float[Math.max(1, block * ng)];
            QueryStats stats = new QueryStats();
            for (int b; (b = next.getAndIncrement()) < blocks; ) {
                int q0 = b * block;
                int q1 = Math.min(nq, q0 + block);
                Distances.block(q, q0, q1, g, ng, dim, o.galleryTile(), dist);
                for (int i = q0; i < q1; i++) {
                    stats.compute(dist, (i - q0) * ng, ng, gl, ql[i], self ? i : -1);
                    firstRank[i] = stats.firstPositiveRank;
                    rp[i] = stats.rPrecision;
                    map[i] = stats.mapAtR;
                }
            }
        };
        runParallel(worker, Math.min(o.threads(), Math.max(1, blocks)));
        return new NeighbourSearch.Result(firstRank, rp, map, nq, false);
    }

    /**
     * Worker threads shared by every parallel step of every evaluation: a step is often a few
     * milliseconds (a seeding round, a tile of scores), so threads are reused, not started each time.
     */
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread th = new Thread(r, "rambo-eval");
        th.setDaemon(true);
        return th;
    });

    /**
     * Runs the same worker on t threads (the caller's and t - 1 others) and waits for all of
     * them; rethrows the first failure.
     */
    static void runParallel(Runnable worker, int t) {
        if (t <= 1) {
            worker.run();
            return;
        }
        List<Future<?>> others = new ArrayList<>();
        for (int i = 1; i < t; i++) {
            others.add(WORKERS.submit(worker));
        }
        Throwable failure = null;
        try {
            worker.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<?> f : others) {
            try {
                f.get();
            } catch (InterruptedException e) {
                others.forEach(o -> o.cancel(true));
                Thread.currentThread().interrupt();
                throw new IllegalStateException("evaluation interrupted", e);
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error er) {
            throw er;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private static Map<String, Double> summarise(NeighbourSearch.Result pq, double nmi, int[] ks) {
        int n = pq.firstRank().length;
        int used = 0;
        long[] hits = new long[ks.length];
        long top1 = 0;
        double sumRp = 0;
        double sumMap = 0;
        for (int i = 0; i < n; i++) {
            int fr = pq.firstRank()[i];
            if (fr == 0) {
                continue;
            }
            used++;
            for (int j = 0; j < ks.length; j++) {
                if (fr <= ks[j]) {
                    hits[j]++;
                }
            }
            if (fr == 1) {
                top1++;
            }
            sumRp += pq.rPrecision()[i];
            sumMap += pq.mapAtR()[i];
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int j = 0; j < ks.length; j++) {
            out.put(MetricNames.recallAt(ks[j]), used == 0 ? Double.NaN : (double) hits[j] / used);
        }
        out.put(MetricNames.PRECISION_AT_1, used == 0 ? Double.NaN : (double) top1 / used);
        out.put(MetricNames.R_PRECISION, used == 0 ? Double.NaN : sumRp / used);
        out.put(MetricNames.MAP_AT_R, used == 0 ? Double.NaN : sumMap / used);
        out.put(MetricNames.NMI, nmi);
        out.put(MetricNames.QUERIES_SKIPPED, (double) (n - used));
        return out;
    }
}
