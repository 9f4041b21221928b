package org.rambo.bench;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rambo.harness.eval.EvalOptions;
import org.rambo.harness.eval.RetrievalEvaluator;

/**
 * The held-out evaluation (k-NN metrics and k-means NMI) at the three test sets' shapes, on
 * synthetic L2-normalised 512-d embeddings (class centre plus 2.2 times Gaussian noise, as
 * data-scripts/bench-peers/eval_peers.py makes them): CUB-200 5,924 items / 100 classes;
 * In-shop 14,218 queries and 12,612 gallery / 3,985 classes; SOP 60,502 items / 11,316 classes.
 * Two threads (and two PyTorch threads for the matrix product). Single-shot: a call takes
 * seconds (CUB) to minutes (SOP).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "-Dai.djl.offline=true",
            "-Xmx2g",
            "-Dai.djl.pytorch.num_threads=2",
            "-Dai.djl.pytorch.num_interop_threads=1"
        })
@Warmup(iterations = 1)
@Measurement(iterations = 1)
public class EvaluationBenchmark {

    static final int DIM = 512;
    static final float NOISE = 2.2f;

    @Param({"cub", "inshop", "sop"})
    public String shape;

    private float[] queries;
    private int[] queryLabels;
    private float[] gallery;
    private int[] galleryLabels;
    private EvalOptions options;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(0);
        int items;
        int classes;
        int galleryItems;
        switch (shape) {
            case "cub" -> {
                items = 5924;
                classes = 100;
                galleryItems = 0;
            }
            case "inshop" -> {
                items = 14218;
                classes = 3985;
                galleryItems = 12612;
            }
            case "sop" -> {
                items = 60502;
                classes = 11316;
                galleryItems = 0;
            }
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        }
        float[] centres = gaussian(rnd, classes * DIM);
        queryLabels = labels(rnd, items, classes);
        queries = embeddings(rnd, centres, queryLabels);
        if (galleryItems > 0) {
            galleryLabels = labels(rnd, galleryItems, classes);
            gallery = embeddings(rnd, centres, galleryLabels);
        }
        options = EvalOptions.of(EvalOptions.DEFAULT_KS).withThreads(2);
    }

    @Benchmark
    public Map<String, Double> evaluate() {
        return gallery == null
                ? RetrievalEvaluator.evaluate(queries, DIM, queryLabels, options)
                : RetrievalEvaluator.evaluate(queries, queryLabels, gallery, galleryLabels, DIM, options);
    }

    /** Each class about equally often (i mod classes), shuffled. */
    private static int[] labels(SplittableRandom rnd, int n, int classes) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = y[i];
            y[i] = y[j];
            y[j] = t;
        }
        return y;
    }

    private static float[] embeddings(SplittableRandom rnd, float[] centres, int[] y) {
        float[] x = new float[y.length * DIM];
        for (int i = 0; i < y.length; i++) {
            double s = 0;
            for (int d = 0; d < DIM; d++) {
                float v = centres[y[i] * DIM + d] + NOISE * (float) rnd.nextGaussian();
                x[i * DIM + d] = v;
                s += (double) v * v;
            }
            float inv = (float) (1 / Math.sqrt(s));
            for (int d = 0; d < DIM; d++) {
                x[i * DIM + d] *= inv;
            }
        }
        return x;
    }

    private static float[] gaussian(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }
}
