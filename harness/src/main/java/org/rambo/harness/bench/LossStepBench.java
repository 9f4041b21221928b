package org.rambo.harness.bench;

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
 * One loss step, forward + backward to the embeddings, for every method on the same batch:
 * {@code n} = batch size (= queries; each query ranks the other n - 1 items), n = 32 .. 1024,
 * {@link BenchInputs#DIM 512}-d clustered embeddings, 4 images per class. Each loss is built by
 * the loss registry exactly as training builds it (defaults of the registry, no memory), so the
 * time includes L2 normalisation, the cosine score matrix, the loss, and autograd's backward.
 *
 * <p>Memory: run with {@code -prof gc} (Java bytes allocated per step, {@code gc.alloc.rate.norm})
 * and {@code -prof org.rambo.harness.bench.PeakMemoryProfiler} (peak resident growth per step and
 * the bytes of DJL arrays alive at the end of a step). The fork pre-touches a fixed heap so heap
 * growth does not show up as resident growth.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class LossStepBench {

    @Param({"32", "64", "128", "256", "512", "1024"})
    public int n;

    @Param({"rambo-recall", "rambo-ap", "smooth-ap", "contrastive", "triplet:mining=batchhard"})
    public String loss;

    private NDManager manager;
    private NDArray embeddings;
    private NDArray labels;
    private Loss built;

    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager();
        embeddings = manager.create(BenchInputs.embeddings(n, BenchInputs.DIM, 7), new Shape(n, BenchInputs.DIM));
        embeddings.setRequiresGradient(true);
        labels = manager.create(BenchInputs.labels(n));
        built = LossRegistry.build(loss);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (built instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        manager.close();
    }

    @Benchmark
    public float forwardBackward() {
        try (NDManager scope = manager.newSubManager()) {
            embeddings.tempAttach(scope);
            labels.tempAttach(scope);
            float value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray l = built.evaluate(new NDList(labels), new NDList(embeddings));
                collector.backward(l);
                value = l.getFloat();
            }
            NDArray g = embeddings.getGradient();
            g.attach(scope);
            PeakMemoryProfiler.recordDjlBytes(scope);
            return value;
        }
    }
}
