package org.rambo.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rambo.harness.data.ImageDecoder;
import org.rambo.harness.data.ImagePipeline;
import org.rambo.harness.data.PipelineConfig;
import org.rambo.harness.data.Pixels;

/**
 * The paper's training view of a CUB-shaped JPEG ({@link BenchImages}: 500 × 375, quality 90),
 * whole and by step: decoding the file to RGB bytes, the resize-and-crop of the decoded bytes,
 * and the flip and normalisation to float CHW. Single thread, milliseconds per image, cycling
 * through 16 different files.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ImagePipelineBenchmark {

    private static final int FILES = 16;

    private final ImagePipeline pipeline = new ImagePipeline(PipelineConfig.paper());
    private List<Path> files;
    private Pixels[] decoded;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("rambo-bench-images");
        files = BenchImages.write(dir, FILES);
        decoded = new Pixels[FILES];
        for (int i = 0; i < FILES; i++) {
            decoded[i] = ImageDecoder.decode(files.get(i));
        }
    }

    private int nextIndex() {
        next = (next + 1) % FILES;
        return next;
    }

    /** File to float CHW: what a decoder thread does per training image. */
    @Benchmark
    public float[] trainView() {
        int i = nextIndex();
        return pipeline.train(files.get(i), i);
    }

    /** File to RGB bytes. */
    @Benchmark
    public Pixels decode() {
        return ImageDecoder.decode(files.get(nextIndex()));
    }

    /** Decoded bytes to the 224 × 224 window of the 256-pixel resize. */
    @Benchmark
    public Pixels resizeCrop() {
        int i = nextIndex();
        Pixels p = decoded[i];
        return pipeline.crop(p, pipeline.window(p.width(), p.height(), true, i));
    }

    /** Decoded bytes to the training view's floats: resize-and-crop, flip, normalisation. */
    @Benchmark
    public float[] process() {
        int i = nextIndex();
        return pipeline.process(decoded[i], true, i);
    }
}
