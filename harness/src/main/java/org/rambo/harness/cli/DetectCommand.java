package org.rambo.harness.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.rambo.detection.DetectionConfig;
import org.rambo.detection.DetectionResult;
import org.rambo.detection.DetectionRun;
import org.rambo.detection.RunLockedException;
import org.rambo.detection.SyntheticVoc;
import org.rambo.engine.DeviceSpec;
import org.rambo.engine.DeviceUnavailableException;
import org.rambo.engine.Devices;
import org.rambo.harness.config.ConfigException;
import org.rambo.harness.config.DetectionLoader;
import org.rambo.harness.config.Located;
import org.rambo.harness.data.FashionMnist;
import org.rambo.runfolder.RunFiles;
import org.rambo.runfolder.RunFolderException;
import org.rambo.training.Preemption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rambo-bench detect CONFIG.json}: the detection pair — softmax cross-entropy vs RaMBO's
 * mAP + APC classifier loss — under one protocol, VOC AP50 into run folders
 * (runs/<grid>/<method>-s<seed>-<hash>), every method for every seed. For dataset
 * "synthetic-voc" the VOC tree is generated first from real Fashion-MNIST objects ("synthetic
 * layout, real objects"): trainval images from the official training file's items, test images
 * from the t10k items. SIGTERM, SIGINT or SIGUSR1 stop training at the next epoch's start, the
 * last epoch's checkpoint on disk (exit 75; the same command resumes).
 */
@Command(
        name = "detect",
        mixinStandardHelpOptions = true,
        description = "Train and evaluate the detection pair (ce vs rambo-ap) under one protocol; VOC AP50.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every run finished (or is trained by another process)",
            "1:bad input (config, data, a damaged run folder)",
            "3:one or more runs failed or crashed",
            "4:environment (disk full, permissions)",
            "75:stopped by a signal after an epoch's checkpoint: run again to resume"
        })
public final class DetectCommand implements Callable<Integer> {

    private static final String PREFIX = "rambo-bench detect: ";

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "CONFIG",
            description = "detection config (JSON), e.g. configs/detection.json")
    Path config;

    @Mixin
    RunSelection selection;

    @Option(
            names = "--methods",
            split = ",",
            description = "methods to run (default: both, ce and rambo-ap; the pair is what the report compares)")
    List<String> methods;

    @Option(
            names = "--fashion-mnist",
            defaultValue = "data/fashion-mnist",
            description = "Fashion-MNIST folder for the synthetic set (default: ${DEFAULT-VALUE})")
    Path fashionMnist;

    /** Watches each run from inside; tests make one crash after its checkpoint. */
    DetectionRun.Observer observer = new DetectionRun.Observer() {};

    /** Asks the runs to stop; made on signals when the command starts (tests request it by hand). */
    Preemption preemption;

    @Option(
            names = "--retry-failed",
            description = "train runs that failed again (their final.json is kept as final.failed.json)")
    boolean retryFailed;

    @Option(names = "--synthetic-train", defaultValue = "600", description = "synthetic trainval images")
    int syntheticTrain;

    @Option(names = "--synthetic-test", defaultValue = "150", description = "synthetic test images")
    int syntheticTest;

    @Override
    public Integer call() {
        List<String> runMethods = methods == null || methods.isEmpty() ? DetectionConfig.METHODS : methods;
        for (String m : runMethods) {
            if (!DetectionConfig.METHODS.contains(m)) {
                throw new IllegalArgumentException("unknown method '" + m + "' in --methods; valid: "
                        + String.join(", ", DetectionConfig.METHODS));
            }
        }
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException(config + ": no such detection config");
        }
        Located<DetectionConfig> read = DetectionLoader.read(config, selection.sets(), note -> {
            err().println(note);
            err().flush();
        });
        DetectionConfig base = read.value();
        try {
            // a device that cannot be used is refused before any data or run folder is made
            Devices.resolve(DeviceSpec.parse(base.device()));
        } catch (DeviceUnavailableException e) {
            throw new ConfigException(
                    read.originOf("protocol.device") + ": key 'protocol.device': " + e.getMessage(), e);
        }
        if (base.dataset().equals("synthetic-voc")) {
            makeSynthetic(Path.of(base.root()), base.imageSize());
        }
        if (preemption == null) {
            preemption = Preemption.onSignals();
        }
        try {
            return runAll(base, runMethods);
        } finally {
            preemption.settle();
        }
    }

    private int runAll(DetectionConfig base, List<String> runMethods) {
        int failed = 0;
        for (long seed :
                selection.seeds == null || selection.seeds.isEmpty() ? List.of(base.seed()) : selection.seeds) {
            for (String method : runMethods) {
                int code = runOne(base.with(method, seed));
                if (code == ExitCode.INTERRUPTED) {
                    return code;
                }
                if (code == ExitCode.RUNS_FAILED) {
                    failed++;
                } else if (code != ExitCode.OK) {
                    return code;
                }
            }
        }
        if (failed > 0) {
            err().println(PREFIX + failed + " detection runs failed; their final.json says why "
                    + "(--retry-failed trains them again)");
            return ExitCode.RUNS_FAILED;
        }
        return ExitCode.OK;
    }

    /** One run of the grid: its exit code, after one line on what happened. */
    private int runOne(DetectionConfig c) {
        Path folder = selection.runsDir.resolve(c.grid()).resolve(c.folderName());
        PrintWriter out = spec.commandLine().getOut();
        out.println("detect: " + c.method() + " seed " + c.seed() + " -> " + folder);
        out.flush();
        try {
            DetectionResult r = DetectionRun.run(c, folder, retryFailed, observer, preemption);
            if (r.interrupted()) {
                err().println(PREFIX + c.method() + " seed " + c.seed() + " stopped by " + r.failure()
                        + " at an epoch's start, its checkpoint on disk; run the same command again to resume");
                err().flush();
                return ExitCode.INTERRUPTED;
            }
            if (r.failure() != null) {
                err().println(PREFIX + c.method() + " seed " + c.seed() + " failed: " + r.failure());
                return ExitCode.RUNS_FAILED;
            }
            out.printf(
                    "detect: %-9s seed %d %s: AP50 %.4f (VOC07 11-point %.4f), %.0f s%n",
                    c.method(), c.seed(), r.status(), r.ap50(), r.ap50Voc07(), r.wallSeconds());
            out.flush();
            return ExitCode.OK;
        } catch (RunLockedException e) {
            out.println("detect: skipped, " + e.getMessage());
            out.flush();
            return ExitCode.OK;
        } catch (RunFolderException | IllegalArgumentException e) {
            return fail(ExitCode.BAD_INPUT, e.getMessage());
        } catch (UncheckedIOException e) {
            return fail(ExitCode.ENVIRONMENT, e.getMessage());
        } catch (RuntimeException e) {
            // as in a retrieval grid: a crash is a failed run whose folder stays unfinished, so a
            // re-run resumes it after its last checkpoint; the other runs go on
            err().println(PREFIX + c.method() + " seed " + c.seed() + " crashed: " + e + " (stack trace in "
                    + folder.resolve(RunFiles.LOG) + "; running again resumes it)");
            err().flush();
            return ExitCode.RUNS_FAILED;
        }
    }

    private int fail(int code, String line) {
        err().println(PREFIX + line);
        err().flush();
        return code;
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Writes the synthetic VOC tree once; an existing complete tree is reused. */
    private void makeSynthetic(Path devkit, int imageSize) {
        if (Files.exists(devkit.resolve("VOC2007/ImageSets/Main/test.txt"))
                && Files.exists(devkit.resolve(SyntheticVoc.CLASSES_FILE))) {
            return;
        }
        FashionMnist mnist = FashionMnist.load(fashionMnist);
        int split = mnist.officialTrainCount();
        int[] train = IntStream.range(0, split).toArray();
        int[] test = IntStream.range(split, mnist.size()).toArray();
        spec.commandLine()
                .getOut()
                .println("detect: writing the synthetic VOC set (real Fashion-MNIST objects) to " + devkit);
        SyntheticVoc.write(
                devkit,
                mnist.imagesOf(train),
                mnist.labelsOf(train),
                mnist.imagesOf(test),
                mnist.labelsOf(test),
                FashionMnist.CLASS_NAMES,
                syntheticTrain,
                syntheticTest,
                imageSize,
                2020);
    }
}
