package org.rambo.harness.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import org.rambo.harness.config.ConfigException;
import org.rambo.harness.config.GridSpec;
import org.rambo.harness.config.MethodSpec;
import org.rambo.harness.config.ProtocolSpec;
import org.rambo.harness.data.ClassBalancedSampler;
import org.rambo.harness.eval.MetricsFormat;
import org.rambo.harness.eval.Progress;
import org.rambo.runfolder.MetricNames;
import org.rambo.runfolder.RunFiles;
import org.rambo.runfolder.RunFolderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every (seed, method) of a grid under its one protocol, into runs/<grid>/. Finished runs
 * are skipped, runs another process trains are left to it; a failed run is reported and the
 * grid goes on.
 */
public final class GridRunner {

    private static final Logger LOG = LoggerFactory.getLogger(GridRunner.class);

    /** One run's line in the grid summary. */
    public record RunSummary(
            String method,
            long seed,
            RunOutcome.Status status,
            Path folder,
            Map<String, Double> last,
            String failure) {}

    private GridRunner() {}

    /** The grid's runs, seed by seed, each method in the grid's order. */
    public static List<RunConfig> runConfigs(GridSpec grid) {
        List<RunConfig> configs = new ArrayList<>();
        for (long seed : grid.seeds()) {
            for (MethodSpec m : grid.methods()) {
                configs.add(RunConfig.of(grid, m, seed));
            }
        }
        return configs;
    }

    /**
     * Runs the grid's runs in order. Runs another process holds are left to it; a preemption
     * request stops the grid after the current run's checkpoint. Errors of the input or the
     * environment end the grid (see {@link RunExecutor#execute}).
     */
    public static List<RunSummary> run(GridSpec grid, Path runsDir, Path baseDir, RunOptions options)
            throws RunFolderException {
        List<RunConfig> configs = runConfigs(grid);
        Path gridDir = runsDir.resolve(grid.name());
        if (Files.exists(runsDir) && !Files.isDirectory(runsDir)
                || Files.exists(gridDir) && !Files.isDirectory(gridDir)) {
            Path file = Files.isDirectory(runsDir) ? gridDir : runsDir;
            throw new RunFolderException(file, "is a file, not a folder for run folders; name another --runs-dir");
        }
        if (configs.stream()
                .anyMatch(c -> !Files.exists(gridDir.resolve(c.folderName()).resolve(RunFiles.FINAL)))) {
            // a device that cannot be used is refused before any run folder is made
            TrainingDevice.of(grid.protocol());
        }
        List<RunSummary> summaries = new ArrayList<>();
        try (TrainingData data = TrainingDataFactory.open(grid.dataset(), grid.protocol(), baseDir)) {
            checkBatches(grid.protocol().sampler(), data);
            RunExecutor executor = new RunExecutor(data, options);
            ProgressBar bar = options.progress() ? Progress.runs("grid " + grid.name(), configs.size()) : null;
            try {
                for (int i = 0; i < configs.size(); i++) {
                    RunConfig config = configs.get(i);
                    Path folder = gridDir.resolve(config.folderName());
                    if (options.preemption().requested()) {
                        summaries.add(new RunSummary(
                                config.method(), config.seed(), RunOutcome.Status.INTERRUPTED, folder, Map.of(), null));
                        break;
                    }
                    if (bar != null) {
                        bar.setExtraMessage(" " + config.method() + " s" + config.seed());
                    } else {
                        // without a bar, a line says which run of how many the following lines belong to
                        LOG.info(MetricsFormat.runPrefix(i + 1, configs.size(), config.method(), config.seed()) + ": "
                                + config.folderName());
                    }
                    RunOutcome o = executor.execute(config, folder);
                    summaries.add(
                            new RunSummary(config.method(), config.seed(), o.status(), folder, o.last(), o.failure()));
                    if (bar != null) {
                        bar.step();
                    }
                    if (o.status() == RunOutcome.Status.INTERRUPTED) {
                        break;
                    }
                }
            } finally {
                if (bar != null) {
                    bar.close();
                }
                options.preemption().settle();
            }
        }
        return summaries;
    }

    /**
     * P x K batches must fit the training data (P classes, or P classes of one super-class), checked
     * once the data is open and before any run folder is made; a P too large is the grid's error,
     * named by its key (the command adds the line).
     */
    static void checkBatches(ProtocolSpec.SamplerSpec s, TrainingData data) {
        try {
            if (s.superClass() && data.trainSuperLabels() != null) {
                new ClassBalancedSampler(
                        data.trainLabels(), data.trainSuperLabels(), s.classesPerBatch(), s.samplesPerClass(), 0);
            } else {
                new ClassBalancedSampler(data.trainLabels(), s.classesPerBatch(), s.samplesPerClass(), 0);
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains("P=" + s.classesPerBatch())) {
                throw ConfigException.forKey(
                        "protocol.sampler.classes_per_batch",
                        "is " + s.classesPerBatch() + ", more than the " + data.name() + " training data allows: "
                                + e.getMessage());
            }
            throw new ConfigException("the " + data.name() + " training data: " + e.getMessage(), e);
        }
    }

    /** A plain-text table of the grid's runs. */
    public static String table(List<RunSummary> runs) {
        StringBuilder b = new StringBuilder(String.format(
                "%-22s %6s %-9s %9s %9s  %s%n", "method", "seed", "status", "R@1 %", "MAP@R %", "folder"));
        for (RunSummary r : runs) {
            b.append(String.format(
                    "%-22s %6d %-9s %9s %9s  %s%n",
                    r.method(),
                    r.seed(),
                    r.status(),
                    fmt(r.last().get(MetricNames.recallAt(1))),
                    fmt(r.last().get("map_at_r")),
                    r.folder()));
            if (r.failure() != null) {
                b.append("    failure: ").append(r.failure()).append('\n');
            }
        }
        return b.toString();
    }

    private static String fmt(Object v) {
        return v instanceof Number n ? MetricsFormat.percent(n) : "-";
    }
}
