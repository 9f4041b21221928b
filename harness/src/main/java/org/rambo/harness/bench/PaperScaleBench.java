package org.rambo.harness.bench;

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
import org.rambo.rank.Ranking;

/**
 * The paper's speed figure at its own size: AP loss forward + backward on {@code n} = 10^8
 * elements in total (the paper: 0.62 s on a V100), as {@code rows} rows of n / rows elements:
 * one row of 10^8 (one thread sorts it) and 100 rows of 10^6 (rows spread over the cores). 1%
 * positives, λ 4, margin 0.02. {@code rankRows} ranks the same matrix, for scale. Single-shot
 * times: about 6 GB of Java heap for one row (scores, relevance, and the loss's buffers), so the
 * fork gets {@code -Xmx10g}. Absolute times compare only on the same hardware.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx10g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class PaperScaleBench {

    /** Elements in total (the paper's 100M). */
    @Param({"100000000"})
    public int n;

    @Param({"1", "100"})
    public int rows;

    private float[] values;
    private float[] relevance;
    private int[] ranks;
    private ApLoss ap;

    @Setup(Level.Trial)
    public void setUp() {
        if (n % rows != 0) {
            throw new IllegalArgumentException("n = " + n + " is not a multiple of rows = " + rows);
        }
        values = BenchInputs.scores(n, 8);
        relevance = BenchInputs.relevance(rows, n / rows, 0.01, 9);
        ap = ApLoss.builder().optLambda(4f).optMargin(0.02f).build();
    }

    @Benchmark
    public float apForwardBackward() {
        LossAndGradient r = ap.lossAndGradient(values, relevance, rows, n / rows);
        return (float) r.value() + r.gradient()[0];
    }

    @Benchmark
    public int rankRows() {
        if (ranks == null) {
            ranks = new int[n];
        }
        Ranking.rankRows(values, rows, n / rows, ranks);
        return ranks[0];
    }
}
