package org.rambo.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
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
import org.rambo.rank.Ranking;
import org.rambo.rank.RowSorter;

/**
 * Ranking one row of n floats (n = 2^10 .. 2^24): PyTorch's argsort through DJL (the scores
 * already in native memory, as on a training step), the ranks the way the reference computes
 * them (argsort of argsort), {@code Arrays.sort} of a float copy (a primitive Java sort: values
 * only, no indices), our radix order (LSD radix sort carrying indices) and our ranks (radix
 * order + a scatter, the public {@link Ranking#rankRows} path).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx4g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RankingBenchmark {

    @Param({"1024", "4096", "16384", "65536", "262144", "1048576", "4194304", "16777216"})
    public int n;

    private float[] scores;
    private NDManager manager;
    private NDArray row;
    private final RowSorter sorter = new RowSorter();
    private int[] order;
    private int[] ranks;

    @Setup(Level.Trial)
    public void setUp() {
        scores = BenchData.scores(n, 42);
        manager = NDManager.newBaseManager();
        row = manager.create(scores, new Shape(1, n));
        order = new int[n];
        ranks = new int[n];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /** One PyTorch argsort (descending) of the row. */
    @Benchmark
    public long djlArgsort() {
        try (NDArray idx = row.argSort(1, false)) {
            return idx.getLong(0, 0);
        }
    }

    /** Ranks as the reference computes them: argsort of the descending argsort (two argsorts). */
    @Benchmark
    public long djlRanks() {
        try (NDArray idx = row.argSort(1, false);
                NDArray r = idx.argSort(1)) {
            return r.getLong(0, 0);
        }
    }

    /** java.util.Arrays.sort of a float copy (dual-pivot quicksort; values only, no indices). */
    @Benchmark
    public float[] javaSort() {
        float[] copy = scores.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** Our descending order: one LSD radix sort carrying the indices. */
    @Benchmark
    public int[] radixOrder() {
        sorter.sortDescending(scores, 0, n, order);
        return order;
    }

    /** Our 1-based ranks: the radix order and a scatter. */
    @Benchmark
    public int[] radixRanks() {
        Ranking.rankRows(scores, 1, n, ranks);
        return ranks;
    }
}
