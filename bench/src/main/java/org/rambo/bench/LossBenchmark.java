package org.rambo.bench;

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
 * (n × 128, L2-normalised inside each loss, 4 images per class), batch n = 32 .. 1024. The
 * losses are built by the registry exactly as training builds them (the margin loss gets its
 * β as the second prediction). The time includes the cosine score matrix, the loss, and the
 * backward to the embeddings. Java heap bytes per step: run with {@code -prof gc}
 * (gc.alloc.rate.norm); native (PyTorch) bytes per step: {@link LossMemory}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx4g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class LossBenchmark {

    static final int DIM = 128;

    @Param({"32", "64", "128", "256", "512", "1024"})
    public int n;

    @Param({"rambo-recall", "rambo-ap", "smooth-ap", "contrastive", "triplet:mining=batchhard", "margin"})
    public String loss;

    private NDManager manager;
    private NDArray embeddings;
    private NDArray labels;
    private NDArray beta;
    private Loss built;

    /**
     * Smooth-AP keeps B/chunk chunks of chunk x B x B tensors for autograd: its native memory grows
     * as B^3 (3.9 GB at B = 512, about 31 GB at 1024). Beyond 512 the configuration is refused
     * instead of letting the system kill the fork (and its neighbours) for lack of memory.
     */
    static boolean tooLarge(String loss, int batch) {
        return loss.startsWith("smooth-ap") && batch > 512;
    }

    @Setup(Level.Trial)
    public void setUp() {
        if (tooLarge(loss, n)) {
            throw new IllegalStateException("skipped: Smooth-AP at batch " + n
                    + " needs about 31 GB of native memory (B^3 growth); see LossMemory");
        }
        manager = NDManager.newBaseManager();
        embeddings = manager.create(BenchData.scores(n * DIM, 3), new Shape(n, DIM));
        labels = manager.create(BenchData.labels(n));
        beta = manager.create(new float[] {1.2f});
        built = LossRegistry.build(loss);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public float forwardBackward() {
        return step(manager, embeddings, labels, beta, built, null);
    }

    /**
     * One training step of the loss alone; when {@code bytes} is given, stores in bytes[0] the
     * native bytes of every DJL array the step created (they all live until the step's manager
     * closes, so this is the step's DJL-visible peak; PyTorch's autograd buffers are not seen).
     */
    static float step(NDManager parent, NDArray embeddings, NDArray labels, NDArray beta, Loss loss, long[] bytes) {
        try (NDManager step = parent.newSubManager()) {
            NDArray e = embeddings.duplicate();
            e.attach(step);
            e.setRequiresGradient(true);
            NDArray value;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                value = loss.evaluate(new NDList(labels), new NDList(e, beta));
                c.backward(value);
            }
            float g = e.getGradient().getFloat(0, 0);
            if (bytes != null) {
                long total = 0;
                for (NDArray a : step.getManagedArrays()) {
                    if (!a.isReleased()) {
                        total += a.getShape().size() * a.getDataType().getNumOfBytes();
                    }
                }
                bytes[0] = total;
            }
            return g;
        }
    }
}
