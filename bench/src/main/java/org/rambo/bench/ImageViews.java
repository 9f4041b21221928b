package org.rambo.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.rambo.harness.data.DecodeThroughput;
import org.rambo.harness.data.ImagePipeline;
import org.rambo.harness.data.PipelineConfig;

/**
 * The Java side of {@code data-scripts/bench-peers/bench-images.sh}: the training view of the
 * paper protocol (shorter side to 256, random crop 224, flip, ImageNet normalisation to float
 * CHW) of every JPEG in a folder, on 1 .. N threads, after one unmeasured pass. Appends CSV rows
 * {@code implementation,threads,images,wall_s,cpu_s} (the CPU time of the decoding threads).
 *
 * <pre>java -cp benchmarks.jar org.rambo.bench.ImageViews DIR OUT.csv MAX_THREADS</pre>
 */
public final class ImageViews {

    private ImageViews() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ImageViews DIR OUT.csv MAX_THREADS");
            System.exit(2);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            files = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        int maxThreads = Integer.parseInt(args[2]);
        ImagePipeline pipeline = new ImagePipeline(PipelineConfig.paper());
        DecodeThroughput.measure(files, pipeline, 1);
        List<String> rows = new ArrayList<>();
        for (int t = 1; t <= maxThreads; t++) {
            DecodeThroughput.Result r = DecodeThroughput.measure(files, pipeline, t);
            rows.add(
                    String.format(Locale.ROOT, "java,%d,%d,%.4f,%.4f", t, r.images(), r.wallSeconds(), r.cpuSeconds()));
        }
        Path out = Path.of(args[1]);
        boolean header = !Files.exists(out);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(
                out, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND))) {
            if (header) {
                w.println("implementation,threads,images,wall_s,cpu_s");
            }
            rows.forEach(w::println);
        }
        rows.forEach(System.out::println);
    }
}
