package org.rambo.harness.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
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
import org.rambo.baselines.LossRegistry;

/**
 * Loss forward + backward through DJL autograd for every method on the same embeddings
 * (B × 128, 4 images per class), batch n = 32 … 1024. The losses are the registry's, exactly as
 * training builds them (margin loss: with a constant β input).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx8g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class LossBenchmark {

    static final int DIM = 128;

    @Param({"32", "64", "128", "256", "512", "1024"})
    public int n;

    @Param({"rambo-recall", "rambo-ap", "smooth-ap", "contrastive", "triplet:mining=batchhard"})
    public String loss;

    private NDManager manager;
    private NDArray embeddings;
    private NDArray labels;
    private NDArray beta;
    private Loss built;

    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager();
        embeddings = manager.create(BenchData.scores(n * DIM, 3), new Shape(n, DIM));
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = i / 4;
        }
        labels = manager.create(y);
        beta = manager.create(new float[] {1.2f});
        built = LossRegistry.build(loss);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public float forwardBackward() {
        try (NDManager step = manager.newSubManager()) {
            NDArray e = embeddings.duplicate();
            e.attach(step);
            e.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray value = built.evaluate(new NDList(labels), new NDList(e, beta));
                c.backward(value);
            }
            return e.getGradient().getFloat(0, 0);
        }
    }
}
