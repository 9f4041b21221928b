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
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

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
 * <p>Distances are computed block by block (queryBlock queries against the whole gallery), so
 * memory is O(threads x queryBlock x gallery), not O(n^2). Each query's statistics land in its
 * own slot and are summed in query order afterwards, so results do not depend on the number of
 * threads or on timing.
 */
public final class RetrievalEvaluator {

    /** Query-gallery pairs from which a search shows a progress bar (when asked): a few seconds of work. */
    static final long PROGRESS_MIN_PAIRS = 200_000_000L;

    private RetrievalEvaluator() {}

    /** Metric names in output order for the given Ks. */
    public static List<String> metricNames(int[] ks) {
        List<String> names = new ArrayList<>();
        for (int k : ks) {
            names.add("recall_at_" + k);
        }
        names.addAll(List.of("precision_at_1", "r_precision", "map_at_r", "nmi", "queries_skipped"));
        return names;
    }

    /** The set against itself, each query excluded from its own list. */
    public static Map<String, Double> evaluate(float[] embeddings, int dim, int[] labels, int[] ks) {
        return evaluate(embeddings, dim, labels, EvalOptions.of(ks));
    }

    public static Map<String, Double> evaluate(float[] embeddings, int dim, int[] labels, EvalOptions options) {
        checkShape("embeddings", embeddings, labels, dim);
        PerQuery pq = search(embeddings, labels, embeddings, labels, dim, true, options);
        double nmi = options.computeNmi() ? nmiOf(embeddings, labels, dim, options) : Double.NaN;
        return summarise(pq, nmi, options.ks());
    }

    /** Queries against a separate gallery (In-shop); nothing is excluded. NMI clusters the queries. */
    public static Map<String, Double> evaluate(
            float[] queries, int[] queryLabels, float[] gallery, int[] galleryLabels, int dim, int[] ks) {
        return evaluate(queries, queryLabels, gallery, galleryLabels, dim, EvalOptions.of(ks));
    }

    public static Map<String, Double> evaluate(
            float[] queries, int[] queryLabels, float[] gallery, int[] galleryLabels, int dim, EvalOptions options) {
        checkShape("queries", queries, queryLabels, dim);
        checkShape("gallery", gallery, galleryLabels, dim);
        PerQuery pq = search(queries, queryLabels, gallery, galleryLabels, dim, false, options);
        double nmi = options.computeNmi() ? nmiOf(queries, queryLabels, dim, options) : Double.NaN;
        return summarise(pq, nmi, options.ks());
    }

    private static double nmiOf(float[] x, int[] labels, int dim, EvalOptions o) {
        int k = (int) Arrays.stream(labels).distinct().count();
        int[] clusters = KMeans.cluster(x, labels.length, dim, k, o.kmeansSeed(), o.kmeansMaxIterations(), o.threads());
        return Nmi.nmi(labels, clusters);
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

    /** Per-query results, one slot per query. */
    private record PerQuery(int[] firstRank, double[] rPrecision, double[] mapAtR) {}

    private static PerQuery search(float[] q, int[] ql, float[] g, int[] gl, int dim, boolean self, EvalOptions o) {
        int nq = ql.length;
        int ng = gl.length;
        int[] firstRank = new int[nq];
        double[] rp = new double[nq];
        double[] map = new double[nq];
        int block = o.queryBlock();
        int blocks = (nq + block - 1) / block;
        AtomicInteger next = new AtomicInteger();
        ProgressBar bar = o.progress() && (long) nq * ng >= PROGRESS_MIN_PAIRS
                ? new ProgressBarBuilder()
                        .setTaskName("neighbours")
                        .setInitialMax(nq)
                        .setUnit(" queries", 1)
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(500)
                        .continuousUpdate()
                        .build()
                : null;
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
                if (bar != null) {
                    bar.stepBy(q1 - q0);
                }
            }
        };
        try {
            runParallel(worker, Math.min(o.threads(), Math.max(1, blocks)));
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        return new PerQuery(firstRank, rp, map);
    }

    /** Runs the same worker on t threads and waits; rethrows the first failure. */
    static void runParallel(Runnable worker, int t) {
        if (t <= 1) {
            worker.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(t, r -> {
            Thread th = new Thread(r, "rambo-eval");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < t; i++) {
                fs.add(pool.submit(worker));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, Double> summarise(PerQuery pq, double nmi, int[] ks) {
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
            out.put("recall_at_" + ks[j], used == 0 ? Double.NaN : (double) hits[j] / used);
        }
        out.put("precision_at_1", used == 0 ? Double.NaN : (double) top1 / used);
        out.put("r_precision", used == 0 ? Double.NaN : sumRp / used);
        out.put("map_at_r", used == 0 ? Double.NaN : sumMap / used);
        out.put("nmi", nmi);
        out.put("queries_skipped", (double) (n - used));
        return out;
    }
}
