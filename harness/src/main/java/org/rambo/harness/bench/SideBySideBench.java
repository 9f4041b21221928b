package org.rambo.harness.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
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
import org.rambo.rank.Ranking;
import org.rambo.rank.RecallLoss;

/**
 * The goals measured side by side in one run, on {@code rows} × {@code n} scores
 * ({@code n} = elements per row, 2^20; rows 1 and 16, i.e. 2^20 and 16 × 2^20 elements), 1%
 * positives per row:
 *
 * <ul>
 *   <li>ranking: {@code djlArgsort} (one batched PyTorch argsort) and {@code djlRanks} (argsort
 *       of argsort) against our {@code rankRows} (Java array in, ranks out) and
 *       {@code rankingNDArray} (native in and out, copies included). Goal: ours ≥ 4× faster.
 *   <li>loss forward + backward: {@code referencePortRecall/Ap} (the reference algorithm in DJL
 *       ops) against our {@code ramboRecall/Ap} (Java arrays) and {@code ramboApNDArray} (the
 *       DJL loss: native scores, the surrogate, autograd backward to the scores). Goal: ours ≥ 5×
 *       faster than the reference's 530 ms per 2^20 elements (PyTorch, 2 threads).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xms4g", "-Xmx4g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
public class SideBySideBench {

    static final float LAMBDA = 4f;
    static final float MARGIN = 0.02f;
    static final double POSITIVES = 0.01;

    @Param({"1", "16"})
    public int rows;

    @Param({"1048576"})
    public int n;

    private NDManager manager;
    private float[] values;
    private float[] relevance;
    private NDArray scores;
    private NDArray relevanceArray;
    private NDArray leaf;
    private int[] ranks;
    private RecallLoss recall;
    private ApLoss ap;

    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager();
        values = BenchInputs.scores(rows * n, 5);
        relevance = BenchInputs.relevance(rows, n, POSITIVES, 6);
        scores = manager.create(values, new Shape(rows, n));
        relevanceArray = manager.create(relevance, new Shape(rows, n));
        leaf = manager.create(values, new Shape(rows, n)); // the scores of a step: native, needing a gradient
        leaf.setRequiresGradient(true);
        ranks = new int[rows * n];
        recall = RecallLoss.builder().optLambda(LAMBDA).optMargin(MARGIN).build();
        ap = ApLoss.builder().optLambda(LAMBDA).optMargin(MARGIN).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public long djlArgsort() {
        try (NDArray o = scores.argSort(1, false)) {
            return o.size();
        }
    }

    @Benchmark
    public long djlRanks() {
        try (NDManager scope = manager.newSubManager()) {
            scores.tempAttach(scope);
            return ReferenceDjlPort.ranks(scores).size();
        }
    }

    @Benchmark
    public int rankRows() {
        Ranking.rankRows(values, rows, n, ranks);
        return ranks[0];
    }

    @Benchmark
    public long rankingNDArray() {
        try (NDManager scope = manager.newSubManager()) {
            scores.tempAttach(scope);
            return Ranking.ranks(scores).size();
        }
    }

    @Benchmark
    public float referencePortRecall() {
        try (NDManager scope = manager.newSubManager()) {
            scores.tempAttach(scope);
            relevanceArray.tempAttach(scope);
            NDArray[] r = ReferenceDjlPort.recall(scores, relevanceArray, LAMBDA, MARGIN);
            return r[0].getFloat() + r[1].size();
        }
    }

    @Benchmark
    public float referencePortAp() {
        try (NDManager scope = manager.newSubManager()) {
            scores.tempAttach(scope);
            relevanceArray.tempAttach(scope);
            NDArray[] r = ReferenceDjlPort.ap(scores, relevanceArray, LAMBDA, MARGIN);
            return r[0].getFloat() + r[1].size();
        }
    }

    @Benchmark
    public float ramboRecall() {
        LossAndGradient r = recall.lossAndGradient(values, relevance, rows, n);
        return (float) r.value() + r.gradient()[0];
    }

    @Benchmark
    public float ramboAp() {
        LossAndGradient r = ap.lossAndGradient(values, relevance, rows, n);
        return (float) r.value() + r.gradient()[0];
    }

    @Benchmark
    public float ramboApNDArray() {
        try (NDManager scope = manager.newSubManager()) {
            leaf.tempAttach(scope);
            relevanceArray.tempAttach(scope);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = ap.compute(leaf, relevanceArray);
                collector.backward(loss);
                try (NDArray g = leaf.getGradient()) {
                    return loss.getFloat() + g.size();
                }
            }
        }
    }
}
