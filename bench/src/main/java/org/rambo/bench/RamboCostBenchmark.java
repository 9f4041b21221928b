package org.rambo.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rambo.rank.ApLoss;
import org.rambo.rank.LossAndGradient;
import org.rambo.rank.RecallLoss;
import org.rambo.rank.RowSorter;

/**
 * What one RaMBO loss step costs against one sort of the same scores, all in one run so the
 * ratios compare like with like: the recall and AP losses' forward + blackbox backward on Java
 * arrays ({@code lossAndGradient}) and through DJL ({@code compute}: copies to and from native
 * memory included), one PyTorch argsort of the same matrix, one radix sort of it, and a DJL port
 * of the reference algorithm (six argsorts). n = total elements: one row up to 2^20, then rows
 * of 2^20 (16 × 2^20 for 2^24).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx8g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class RamboCostBenchmark {

    @Param({"65536", "262144", "1048576", "4194304", "16777216"})
    public int n;

    private int rows;
    private int cols;
    private float[] scores;
    private float[] relevance;
    private final RecallLoss recall =
            RecallLoss.builder().optLambda(4f).optMargin(0.02f).build();
    private final ApLoss ap = ApLoss.builder().optLambda(4f).optMargin(0.02f).build();
    private final RowSorter sorter = new RowSorter();
    private int[] order;
    private NDManager manager;
    private NDArray scoresNd;
    private NDArray relevanceNd;

    @Setup(Level.Trial)
    public void setUp() {
        rows = BenchData.rowsFor(n);
        cols = n / rows;
        scores = BenchData.scores(n, 11);
        relevance = BenchData.relevance(rows, cols, 12);
        order = new int[cols];
        manager = NDManager.newBaseManager();
        scoresNd = manager.create(scores, new Shape(rows, cols));
        relevanceNd = manager.create(relevance, new Shape(rows, cols));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /** RaMBO recall (log1p, reference reduction): one sort forward, one (partial) sort backward. */
    @Benchmark
    public LossAndGradient ramboRecallForwardBackward() {
        return recall.lossAndGradient(scores, relevance, rows, cols);
    }

    /** RaMBO mAP loss: one sort forward, one (partial) sort backward. */
    @Benchmark
    public LossAndGradient ramboApForwardBackward() {
        return ap.lossAndGradient(scores, relevance, rows, cols);
    }

    /** RaMBO recall through DJL: native scores in, a loss NDArray carrying the gradient out. */
    @Benchmark
    public float ramboRecallNdArray() {
        try (NDManager step = manager.newSubManager()) {
            NDArray s = scoresNd.duplicate();
            s.attach(step);
            return recall.compute(s, relevanceNd).getFloat();
        }
    }

    /** One PyTorch argsort of the same matrix along its rows (one batched call). */
    @Benchmark
    public long oneDjlArgsort() {
        try (NDArray idx = scoresNd.argSort(1, false)) {
            return idx.getLong(0, 0);
        }
    }

    /** One radix sort of every row (single thread). */
    @Benchmark
    public int[] oneRadixSort() {
        for (int r = 0; r < rows; r++) {
            sorter.sortDescending(scores, r * cols, cols, order);
        }
        return order;
    }

    /** The reference recall algorithm ported to DJL ops: six argsorts. */
    @Benchmark
    public float referencePortRecallForwardBackward() {
        try (NDManager step = manager.newSubManager()) {
            NDArray s = scoresNd.duplicate();
            s.attach(step);
            NDArray t = relevanceNd.duplicate();
            t.attach(step);
            return ReferencePort.recallForwardBackward(s, t, 4f, 0.02f).getFloat(0, 0);
        }
    }

    /** The reference mAP algorithm ported to DJL ops: six argsorts. */
    @Benchmark
    public float referencePortApForwardBackward() {
        try (NDManager step = manager.newSubManager()) {
            NDArray s = scoresNd.duplicate();
            s.attach(step);
            NDArray t = relevanceNd.duplicate();
            t.attach(step);
            return ReferencePort.apForwardBackward(s, t, 4f, 0.02f).getFloat(0, 0);
        }
    }
}
