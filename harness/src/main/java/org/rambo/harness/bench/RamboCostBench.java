package org.rambo.harness.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
 * What RaMBO costs in units of one sort: forward + backward of the recall and AP losses on one
 * row of {@code n} scores ({@code n} = elements of the row, 2^10 .. 2^24), {@code pos} = share of
 * positives in the row (1% by default; {@code -p pos=0.5} shows the dense case, where the
 * backward re-sorts the whole row), against one sort of the same scores.
 *
 * <ul>
 *   <li>{@code oneSort}: one descending argsort with our {@link RowSorter} (the unit of the ratio).
 *   <li>{@code recallForwardBackward}, {@code apForwardBackward}: our losses, loss value and
 *       gradient w.r.t. the scores, from Java arrays ({@code lossAndGradient}; margin 0.02, λ 4).
 *   <li>{@code djlArgsort}: one PyTorch argsort of the same scores (native).
 *   <li>{@code referencePortRecall}, {@code referencePortAp}: {@link ReferenceDjlPort}, the
 *       reference algorithm in DJL ops (six argsorts), on native arrays.
 * </ul>
 *
 * ScalingFit reports recall/ap ÷ oneSort (goal ≤ 2.5 at n ≥ 2^16) and referencePort ÷ djlArgsort.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xms3g", "-Xmx3g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RamboCostBench {

    static final float LAMBDA = 4f;
    static final float MARGIN = 0.02f;

    @Param({"1024", "4096", "16384", "65536", "262144", "1048576", "4194304", "16777216"})
    public int n;

    @Param({"0.01"})
    public double pos;

    private NDManager manager;
    private float[] values;
    private float[] relevance;
    private NDArray scores;
    private NDArray relevanceArray;
    private int[] order;
    private RowSorter sorter;
    private RecallLoss recall;
    private ApLoss ap;

    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager();
        values = BenchInputs.scores(n, 3);
        relevance = BenchInputs.relevance(1, n, pos, 4);
        scores = manager.create(values);
        relevanceArray = manager.create(relevance);
        order = new int[n];
        sorter = new RowSorter();
        recall = RecallLoss.builder().optLambda(LAMBDA).optMargin(MARGIN).build();
        ap = ApLoss.builder().optLambda(LAMBDA).optMargin(MARGIN).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public int oneSort() {
        sorter.sortDescending(values, 0, n, order);
        return order[0];
    }

    @Benchmark
    public float recallForwardBackward() {
        LossAndGradient r = recall.lossAndGradient(values, relevance, 1, n);
        return (float) r.value() + r.gradient()[0];
    }

    @Benchmark
    public float apForwardBackward() {
        LossAndGradient r = ap.lossAndGradient(values, relevance, 1, n);
        return (float) r.value() + r.gradient()[0];
    }

    @Benchmark
    public long djlArgsort() {
        try (NDArray o = scores.argSort(0, false)) {
            return o.size();
        }
    }

    @Benchmark
    public float referencePortRecall() {
        return port(false);
    }

    @Benchmark
    public float referencePortAp() {
        return port(true);
    }

    private float port(boolean averagePrecision) {
        try (NDManager scope = manager.newSubManager()) {
            scores.tempAttach(scope);
            relevanceArray.tempAttach(scope);
            NDArray[] r = averagePrecision
                    ? ReferenceDjlPort.ap(scores, relevanceArray, LAMBDA, MARGIN)
                    : ReferenceDjlPort.recall(scores, relevanceArray, LAMBDA, MARGIN);
            return r[0].getFloat() + r[1].size();
        }
    }
}
