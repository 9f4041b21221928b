package org.rambo.harness.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
 * Ranking alone, one row of {@code n} float scores ({@code n} = elements of the row), n = 2^10 ..
 * 2^24. Every method sorts the same seeded scores, highest first.
 *
 * <ul>
 *   <li>{@code djlArgsort}: PyTorch's argsort through DJL on a native array (one sort, int64 order).
 *   <li>{@code djlArgsortRoundTrip}: the same from Java values to a Java order: copy in, argsort, copy out.
 *   <li>{@code djlRanks}: PyTorch ranks as the reference computes them, argsort of the argsort (two sorts).
 *   <li>{@code javaArraysSort}: {@code Arrays.sort} of a copy of the float array (values only, no indices).
 *   <li>{@code radixOrder}: our {@link RowSorter} (LSD radix, 3 × 11 bits): the descending order, ties by index.
 *   <li>{@code radixRanks}: our ranking path: that order plus the scatter to 1-based ranks.
 *   <li>{@code rankingNDArray}: {@link Ranking#ranks} as a DJL op: native → Java, rank, → native (normalised).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RowRankingBench {

    @Param({"1024", "4096", "16384", "65536", "262144", "1048576", "4194304", "16777216"})
    public int n;

    private NDManager manager;
    private float[] values;
    private NDArray scores;
    private int[] order;
    private int[] ranks;
    private RowSorter sorter;

    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager();
        values = BenchInputs.scores(n, 1);
        scores = manager.create(values);
        order = new int[n];
        ranks = new int[n];
        sorter = new RowSorter();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public long djlArgsort() {
        try (NDArray o = scores.argSort(0, false)) {
            return o.size();
        }
    }

    @Benchmark
    public long djlArgsortRoundTrip() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray a = scope.create(values);
            long[] idx = a.argSort(0, false).toLongArray();
            return idx[0];
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
    public float javaArraysSort() {
        float[] copy = values.clone();
        Arrays.sort(copy);
        return copy[0];
    }

    @Benchmark
    public int radixOrder() {
        sorter.sortDescending(values, 0, n, order);
        return order[0];
    }

    @Benchmark
    public int radixRanks() {
        sorter.ranks(values, 0, n, order, ranks);
        return ranks[0];
    }

    @Benchmark
    public long rankingNDArray() {
        try (NDManager scope = manager.newSubManager()) {
            scores.tempAttach(scope);
            return Ranking.ranks(scores).size();
        }
    }
}
