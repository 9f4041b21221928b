package org.rambo.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.rambo.rank.ApLoss;
import org.rambo.rank.RamboRetrievalLoss;
import org.rambo.rank.RankingLoss;
import org.rambo.rank.RecallLoss;

/**
 * The shapes people train with, each one forward + backward through DJL autograd as a training
 * step runs it (native tensors in, the gradient of the input out):
 * <ul>
 *   <li>{@code matrix-128x1280-recall|ap}: a 128 × 1280 score matrix (uniform in [-1, 1), one
 *       positive in ten) into the recall (λ 4, margin 0.02, log1p) or mAP loss (λ 4, margin 0.02);</li>
 *   <li>{@code batch-B-d512}: B embeddings of 512 (4 per class) into {@link RamboRetrievalLoss}
 *       with the recall loss: L2 normalisation, cosine scores without the diagonal, the loss, the
 *       backward to the embeddings;</li>
 *   <li>{@code paper-1x2^20}, {@code paper-16x2^20}: the recall loss on 2^20 scores per row.</li>
 * </ul>
 * The same shapes are timed for the public reference code and pytorch-metric-learning by
 * {@code data-scripts/bench-peers}; {@link #main} writes ours in that script's CSV layout.
 */
public final class TrainingShapes {

    /** Every shape, in the order of the CSV. */
    static final List<String> SHAPES = List.of(
            "matrix-128x1280-recall",
            "matrix-128x1280-ap",
            "batch-128-d512",
            "batch-512-d512",
            "batch-1024-d512",
            "paper-1x2^20",
            "paper-16x2^20");

    static final int DIM = 512;

    private TrainingShapes() {}

    /** One shape's inputs and loss, ready for repeated steps; close to free its native memory. */
    static final class Step implements AutoCloseable {
        final NDManager manager = NDManager.newBaseManager();
        private final NDArray input;
        private final NDArray relevanceOrLabels;
        private final RankingLoss matrixLoss;
        private final Loss retrievalLoss;

        Step(String shape, int memory) {
            RecallLoss recall = RecallLoss.builder()
                    .optLambda(4f)
                    .optMargin(0.02f)
                    .optWeight(RecallLoss.Weight.LOG1P)
                    .build();
            if (shape.startsWith("batch-")) {
                int batch = Integer.parseInt(shape.split("-")[1]);
                input = manager.create(BenchData.scores(batch * DIM, 3), new Shape(batch, DIM));
                relevanceOrLabels = manager.create(BenchData.labels(batch));
                matrixLoss = null;
                retrievalLoss = RamboRetrievalLoss.builder()
                        .setRankingLoss(recall)
                        .optMemory(memory)
                        .build();
            } else {
                int rows;
                int cols;
                if (shape.startsWith("matrix-")) {
                    rows = 128;
                    cols = 1280;
                } else {
                    rows = shape.equals("paper-1x2^20") ? 1 : 16;
                    cols = 1 << 20;
                }
                input = manager.create(BenchData.scores(rows * cols, 11), new Shape(rows, cols));
                relevanceOrLabels = manager.create(BenchData.relevance(rows, cols, 12), new Shape(rows, cols));
                matrixLoss = shape.endsWith("-ap")
                        ? ApLoss.builder().optLambda(4f).optMargin(0.02f).build()
                        : recall;
                retrievalLoss = null;
            }
        }

        /** Our contrastive baseline (DJL) on the same embeddings, for a same-process comparison. */
        static Step contrastive(String shape) {
            Step s = new Step(shape, 0);
            return new Step(s, org.rambo.baselines.LossRegistry.build("contrastive:neg=0.5"));
        }

        private Step(Step base, Loss loss) {
            this.input = base.input.duplicate();
            this.input.attach(manager);
            this.relevanceOrLabels = base.relevanceOrLabels.duplicate();
            this.relevanceOrLabels.attach(manager);
            base.close();
            this.matrixLoss = null;
            this.retrievalLoss = loss;
        }

        /** One forward + backward; returns one gradient element so nothing is optimised away. */
        float run() {
            try (NDManager step = manager.newSubManager()) {
                NDArray x = input.duplicate();
                x.attach(step);
                x.setRequiresGradient(true);
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = matrixLoss != null
                            ? matrixLoss.compute(x, relevanceOrLabels)
                            : retrievalLoss.evaluate(new NDList(relevanceOrLabels), new NDList(x));
                    c.backward(loss);
                }
                return x.getGradient().getFloat(0, 0);
            }
        }

        @Override
        public void close() {
            if (retrievalLoss instanceof AutoCloseable a) {
                try {
                    a.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            manager.close();
        }
    }

    /** Threads our step may use: the engine's intra-op threads, or the row loops' caller plus pool workers. */
    static int threads() {
        int cores = Runtime.getRuntime().availableProcessors();
        int engine = Integer.getInteger("ai.djl.pytorch.num_threads", cores);
        // a common pool of parallelism 0 reports 1 but runs every task on the caller
        String pool = System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism");
        int rows = cores == 1
                ? 1
                : 1 + (pool != null ? Integer.parseInt(pool.trim()) : ForkJoinPool.getCommonPoolParallelism());
        return Math.max(1, Math.max(engine, rows));
    }

    static volatile float sink;

    /**
     * {@code -Dbench.clock=cpu}: time calls by the calling thread's CPU time instead of the wall
     * clock. With one thread per side (PyTorch then runs every op and the backward on the caller,
     * and so do the row loops with a common pool of parallelism 0) that is all the step's work;
     * on a machine shared with other work it measures the work, where wall time mostly measures
     * the scheduler.
     */
    static final boolean CPU_CLOCK = "cpu".equals(System.getProperty("bench.clock", "wall"));

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static long now() {
        return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Batches in the retrieval loss's memory for {@link #main} ({@code -Dbench.memory=N}; the peers have none). */
    static final int MEMORY = Integer.getInteger("bench.memory", 0);

    /** Warm-up time per shape before the timed calls (wall clock), as peers.py does. */
    static final long WARMUP_NANOS = 2_000_000_000L;

    /**
     * Per round, the median of {@code calls} timed calls after warm-up (at least {@code warmup}
     * calls and 2 s); the best round's median
     * in milliseconds (the least disturbed by other load).
     */
    static double bestMedianMillis(Step step, int rounds, int calls, int warmup) {
        // at least `warmup` calls and WARMUP_NANOS: the JIT compiles the ranking loops after a
        // few thousand rows, and a training run is thousands of steps long
        long warmStart = System.nanoTime();
        for (int i = 0; i < warmup || System.nanoTime() - warmStart < WARMUP_NANOS; i++) {
            sink = step.run();
        }
        double best = Double.POSITIVE_INFINITY;
        double[] t = new double[calls];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < calls; i++) {
                long t0 = now();
                sink = step.run();
                t[i] = (now() - t0) / 1e6;
            }
            double[] sorted = t.clone();
            Arrays.sort(sorted);
            best = Math.min(best, sorted[calls / 2]);
        }
        return best;
    }

    /**
     * Usage: {@code TrainingShapes OUT.csv [rounds] [shape...]}: writes
     * {@code shape,implementation,threads,rounds,median_ms} rows for ours (implementation
     * {@code rambo}); median of 7 calls per round (3 for the paper shapes), best of the rounds.
     * With {@code -Dbench.memory=N} the batch shapes run with a memory of N batches (for profiling).
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: TrainingShapes OUT.csv [rounds] [shape...]");
            System.exit(2);
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> shapes = args.length > 2 ? Arrays.asList(args).subList(2, args.length) : SHAPES;
        List<List<String>> rows = new ArrayList<>();
        for (String shape : shapes) {
            if (!SHAPES.contains(shape)) {
                throw new IllegalArgumentException("unknown shape " + shape + "; one of " + SHAPES);
            }
            boolean paper = shape.startsWith("paper-");
            try (Step step = new Step(shape, MEMORY)) {
                double ms = bestMedianMillis(step, rounds, paper ? 3 : 7, paper ? 1 : 5);
                rows.add(List.of(
                        shape,
                        "rambo",
                        String.valueOf(threads()),
                        String.valueOf(rounds),
                        String.format(Locale.ROOT, "%.3f", ms)));
                System.err.printf(Locale.ROOT, "%s rambo %.3f ms%n", shape, ms);
            }
        }
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(
                out,
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader("shape", "implementation", "threads", "rounds", "median_ms")
                        .setRecordSeparator("\n")
                        .build())) {
            for (List<String> row : rows) {
                p.printRecord(row);
            }
        }
        ScalingFit.writeAtomically(Path.of(args[0]), out.toString());
        System.out.print(out);
    }
}
