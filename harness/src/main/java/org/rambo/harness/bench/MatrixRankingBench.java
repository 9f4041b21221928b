package org.rambo.harness.bench;

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
import org.rambo.rank.Ranking;
import org.rambo.rank.RowSorter;

/**
 * Ranking a retrieval batch: {@link #ROWS} = 128 queries × {@code n} candidates per row
 * ({@code n} = elements per row = 128 × (1 + memory batches), memory 0, 1, 2, 4, 8, 16). Every
 * row is ranked on its own.
 *
 * <ul>
 *   <li>{@code djlArgsort}: one batched PyTorch argsort along the rows (native, int64 order).
 *   <li>{@code djlRanks}: the reference's ranks, argsort of the argsort, batched.
 *   <li>{@code radixRanksOneThread}: our {@link RowSorter} row after row on one thread.
 *   <li>{@code rankRows}: {@link Ranking#rankRows}, rows spread over the cores once the matrix has
 *       2^16 elements (each row written by one thread: the result does not depend on threads).
 *   <li>{@code rankingNDArray}: {@link Ranking#ranks} from and to native arrays (copies included).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class MatrixRankingBench {

    /** Queries per batch (the paper's batch size). */
    public static final int ROWS = 128;

    /** Candidates per row: 128 × (1 + memory) for memory 0, 1, 2, 4, 8, 16 batches. */
    @Param({"128", "256", "384", "640", "1152", "2176"})
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
        values = BenchInputs.scores(ROWS * n, 2);
        scores = manager.create(values, new Shape(ROWS, n));
        order = new int[n];
        ranks = new int[ROWS * n];
        sorter = new RowSorter();
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
    public int radixRanksOneThread() {
        for (int r = 0; r < ROWS; r++) {
            int base = r * n;
            sorter.sortDescending(values, base, n, order);
            for (int pos = 0; pos < n; pos++) {
                ranks[base + order[pos]] = pos + 1;
            }
        }
        return ranks[0];
    }

    @Benchmark
    public int rankRows() {
        Ranking.rankRows(values, ROWS, n, ranks);
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
