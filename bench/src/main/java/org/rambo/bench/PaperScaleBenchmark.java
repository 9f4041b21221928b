package org.rambo.bench;

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
import org.rambo.rank.ApLoss;
import org.rambo.rank.LossAndGradient;

/**
 * The paper's speed figure on CPU: the AP loss forward + backward on 100M elements (100 rows of
 * 10^6), which the paper timed at 0.62 s on a V100 GPU. Single-shot: each call takes seconds.
 * Absolute times compare only on the same hardware; elements per second = n / time.
 * Needs about 4 GB of heap (seven arrays of 10^8 elements).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx12g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class PaperScaleBenchmark {

    static final int ROWS = 100;

    @Param({"100000000"})
    public int n;

    private float[] scores;
    private float[] relevance;
    private final ApLoss ap = ApLoss.builder().optLambda(4f).optMargin(0.02f).build();

    @Setup(Level.Trial)
    public void setUp() {
        scores = BenchData.scores(n, 5);
        relevance = BenchData.relevance(ROWS, n / ROWS, 6);
    }

    @Benchmark
    public LossAndGradient apForwardBackward() {
        return ap.lossAndGradient(scores, relevance, ROWS, n / ROWS);
    }
}
