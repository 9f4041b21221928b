package org.rambo.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rambo.harness.config.ConfigException;
import org.rambo.harness.config.DatasetSpec;
import org.rambo.harness.config.GridLoader;
import org.rambo.harness.config.GridSpec;
import org.rambo.harness.data.DecodeThroughput;
import org.rambo.harness.data.ImagePipeline;
import org.rambo.harness.data.Item;
import org.rambo.harness.data.RetrievalDataset;
import org.rambo.harness.train.ImageDatasetData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rambo-bench data-bench GRID}: how many training images per second this machine decodes
 * for the grid's dataset and view, on 1 .. N threads, and how many cores feed a target rate: the
 * number to ask the scheduler for ({@code --cpus-per-task}) before booking GPUs.
 */
@Command(
        name = "data-bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Decode M training images of the grid's dataset with its training view (resize, random crop, flip,"
                    + " normalise) on 1 .. N threads; print images per second and per CPU-second for each"
                    + " thread count, and the cores needed to feed --target images per second.",
            "The first pass over the images warms the JIT and the file cache and is not counted."
        })
public final class DataBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GRID", description = "grid file (YAML or JSON), e.g. configs/paper-cub.yaml")
    Path grid;

    @Option(
            names = "--threads",
            defaultValue = "2",
            paramLabel = "N",
            description = "largest thread count measured (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(
            names = "--images",
            defaultValue = "200",
            paramLabel = "M",
            description = "images decoded per measurement (default: ${DEFAULT-VALUE})")
    int images;

    @Option(
            names = "--target",
            defaultValue = "800",
            paramLabel = "R",
            description = "images per second to feed, e.g. a GPU's training rate (default: ${DEFAULT-VALUE})")
    double target;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "override a key of the grid, as for run; repeatable")
    List<String> sets;

    @Option(
            names = "--base-dir",
            defaultValue = ".",
            description = "folder that the dataset root is relative to, as for run (default: ${DEFAULT-VALUE})")
    Path baseDir;

    @Override
    public Integer call() {
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        if (images < 1) {
            throw new ParameterException(spec.commandLine(), "--images must be at least 1, got " + images);
        }
        if (!(target > 0)) {
            throw new ParameterException(spec.commandLine(), "--target must be positive, got " + target);
        }
        GridSpec g = GridLoader.load(grid, sets == null ? List.of() : sets);
        DatasetSpec ds = g.dataset();
        if (ds.name().equals("fashion-mnist")) {
            throw new ConfigException(
                    grid + ": dataset.name: fashion-mnist is read as raw bytes, there are no image files to decode");
        }
        List<Path> files = RetrievalDataset.open(ds.name(), baseDir.resolve(ds.root())).train().stream()
                .limit(images)
                .map(Item::path)
                .toList();
        ImagePipeline pipeline = new ImagePipeline(ImageDatasetData.view(g.protocol()));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "%s: %d %s images, view %d -> %d%n",
                grid,
                files.size(),
                ds.name(),
                pipeline.config().resize(),
                pipeline.config().crop());
        out.flush();
        DecodeThroughput.measure(files, pipeline, 1); // warm-up
        out.printf("%7s  %9s  %13s  %8s%n", "threads", "images/s", "images/CPU-s", "speed-up");
        DecodeThroughput.Result one = null;
        DecodeThroughput.Result last = null;
        for (int t = 1; t <= threads; t++) {
            DecodeThroughput.Result r = DecodeThroughput.measure(files, pipeline, t);
            one = one == null ? r : one;
            last = r;
            out.printf(
                    "%7d  %9.1f  %13.1f  %8.2f%n",
                    t, r.imagesPerSecond(), r.imagesPerCpuSecond(), r.imagesPerSecond() / one.imagesPerSecond());
            out.flush();
        }
        out.printf(
                "cores to feed %.0f images/s: %d (at %.1f images/s per thread, measured on %d thread%s)%n",
                target,
                DecodeThroughput.coresFor(target, last),
                last.imagesPerSecond() / last.threads(),
                last.threads(),
                last.threads() == 1 ? "" : "s");
        out.flush();
        return ExitCode.OK;
    }
}
