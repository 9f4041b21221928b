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
import org.rambo.rank.Ranking;

/**
 * Ranking a B×n score matrix as a training step does: B = 128 queries, n = 128 × (1 + memory
 * batches) candidates per row, memory = 0, 1, 2, 4, 8, 16 (the size parameter n is the row
 * length). PyTorch's batched argsort along the rows (one call for the matrix), the reference's
 * ranks (two batched argsorts) and our per-row radix ranking ({@link Ranking#rankRows}: rows are
 * independent and split across the available cores when the matrix is large enough; every row
 * is written by one thread, so the result is identical to the sequential one).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class MatrixRankingBenchmark {

    static final int QUERIES = 128;

    /** Row length = 128 × (1 + memory) for memory 0, 1, 2, 4, 8, 16. */
    @Param({"128", "256", "384", "640", "1152", "2176"})
    public int n;

    private float[] scores;
    private int[] ranks;
    private NDManager manager;
    private NDArray matrix;

    @Setup(Level.Trial)
    public void setUp() {
        scores = BenchData.scores(QUERIES * n, 7);
        ranks = new int[QUERIES * n];
        manager = NDManager.newBaseManager();
        matrix = manager.create(scores, new Shape(QUERIES, n));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /** One batched PyTorch argsort along the rows. */
    @Benchmark
    public long djlArgsortRows() {
        try (NDArray idx = matrix.argSort(1, false)) {
            return idx.getLong(0, 0);
        }
    }

    /** The reference's batched ranks: argsort of argsort along the rows. */
    @Benchmark
    public long djlRankRows() {
        try (NDArray idx = matrix.argSort(1, false);
                NDArray r = idx.argSort(1)) {
            return r.getLong(0, 0);
        }
    }

    /** Our ranks of every row. */
    @Benchmark
    public int[] radixRankRows() {
        Ranking.rankRows(scores, QUERIES, n, ranks);
        return ranks;
    }
}
