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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The training shapes ({@link TrainingShapes}): forward + backward through DJL autograd of the
 * RaMBO retrieval loss on B embeddings of 512 (with and without a memory of 4 batches), of our
 * contrastive loss on the same embeddings (a same-process yardstick), and of the recall and mAP
 * losses on a 128 × 1280 score matrix. The peers (the public reference code,
 * pytorch-metric-learning) run in Python: {@code make bench-peers} times them beside these.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx4g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TrainingShapesBenchmark {

    /** A retrieval batch of B embeddings, d = 512, 4 per class. */
    @State(Scope.Benchmark)
    public static class Batch {
        @Param({"128", "512", "1024"})
        public int batch;

        /** Batches kept in the loss's memory (0: the batch against itself). */
        @Param({"0", "4"})
        public int memory;

        TrainingShapes.Step step;

        @Setup(Level.Trial)
        public void setUp() {
            step = new TrainingShapes.Step("batch-" + batch + "-d512", memory);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            step.close();
        }
    }

    /** The same embeddings for the contrastive yardstick. */
    @State(Scope.Benchmark)
    public static class ContrastiveBatch {
        @Param({"128", "512", "1024"})
        public int batch;

        TrainingShapes.Step step;

        @Setup(Level.Trial)
        public void setUp() {
            step = TrainingShapes.Step.contrastive("batch-" + batch + "-d512");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            step.close();
        }
    }

    /** A 128 × 1280 score matrix, one positive in ten. */
    @State(Scope.Benchmark)
    public static class Matrix {
        @Param({"recall", "ap"})
        public String loss;

        TrainingShapes.Step step;

        @Setup(Level.Trial)
        public void setUp() {
            step = new TrainingShapes.Step("matrix-128x1280-" + loss, 0);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            step.close();
        }
    }

    /** RamboRetrievalLoss (recall, λ 4, margin 0.02, log1p): normalisation, cosine scores, loss, backward. */
    @Benchmark
    public float ramboRetrieval(Batch b) {
        return b.step.run();
    }

    /** Our contrastive loss (DJL; pos margin 0, neg margin 0.5 as the peer's) on the same embeddings. */
    @Benchmark
    public float contrastive(ContrastiveBatch b) {
        return b.step.run();
    }

    /** The recall or mAP loss on the score matrix, through DJL. */
    @Benchmark
    public float matrix(Matrix m) {
        return m.step.run();
    }
}
