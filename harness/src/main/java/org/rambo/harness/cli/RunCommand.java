package org.rambo.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rambo.harness.config.ConfigException;
import org.rambo.harness.config.GridSpec;
import org.rambo.harness.train.GridRunner;
import org.rambo.harness.train.RunOptions;
import org.rambo.harness.train.RunOutcome;
import org.rambo.training.Preemption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rambo-bench run GRID}: trains every (method, seed) of a grid into run folders. Several
 * processes may run one grid at once: each run is trained by whichever takes its lock first.
 * SIGTERM, SIGINT or SIGUSR1 stop training after the current step with a checkpoint (exit 75).
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Train every method of a grid under its one protocol; one run folder per (method, seed).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every run finished (or is trained by another process)",
            "1:bad input (config, data, " + "a damaged run folder)",
            "3:one or more runs failed",
            "4:environment (disk full, permissions)",
            "75:stopped by a signal after a checkpoint: run again to resume"
        })
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec command;

    @Mixin
    GridSelection selection;

    @Option(
            names = "--base-dir",
            defaultValue = ".",
            description = "folder that dataset roots in the grid are relative to (default: ${DEFAULT-VALUE})")
    Path baseDir;

    @Option(
            names = "--task",
            paramLabel = "I",
            description = "train only run I of the grid (zero-based, as `rambo-bench list` numbers them; "
                    + "a Slurm array task)")
    Integer task;

    @Option(names = "--no-progress", description = "no progress bars (logs only)")
    boolean noProgress;

    @Option(
            names = "--retry-failed",
            description = "train runs that failed again (their final.json is kept as final.failed.json)")
    boolean retryFailed;

    @Override
    public Integer call() throws Exception {
        GridSpec spec = selection.load();
        if (task != null) {
            spec = GridTasks.only(spec, task);
        }
        // PyTorch reads its thread counts when the engine starts: set them before first use
        String threads = String.valueOf(spec.protocol().threads());
        System.setProperty("ai.djl.pytorch.num_threads", threads);
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        RunOptions options = new RunOptions(!noProgress, retryFailed, null, null, Preemption.onSignals(), note -> {
            err.println(note);
            err.flush();
        });
        List<GridRunner.RunSummary> runs;
        try {
            runs = GridRunner.run(spec, selection.runsDir, baseDir, options);
        } catch (ConfigException e) {
            throw selection.located(e);
        }
        out.print(GridRunner.table(runs));
        out.flush();
        long failed = runs.stream()
                .filter(r -> r.status() == RunOutcome.Status.FAILED)
                .count();
        if (runs.stream().anyMatch(r -> r.status() == RunOutcome.Status.INTERRUPTED)) {
            err.println("stopped by " + options.preemption().reason()
                    + " after a checkpoint; run the same command again to resume");
            err.flush();
            return ExitCode.INTERRUPTED;
        }
        if (failed > 0) {
            err.println(failed + " of " + runs.size() + " runs failed; see the table above "
                    + "(--retry-failed trains them again)");
            err.flush();
            return ExitCode.RUNS_FAILED;
        }
        return ExitCode.OK;
    }
}
