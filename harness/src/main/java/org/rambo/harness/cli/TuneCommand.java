package org.rambo.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rambo.harness.config.GridSpec;
import org.rambo.harness.config.MethodSpec;
import org.rambo.harness.eval.MetricsFormat;
import org.rambo.harness.train.GridRunner;
import org.rambo.harness.train.RunOptions;
import org.rambo.harness.train.RunOutcome;
import org.rambo.harness.tune.FinalStage;
import org.rambo.harness.tune.Trial;
import org.rambo.harness.tune.TrialHistory;
import org.rambo.harness.tune.TuneRuns;
import org.rambo.harness.tune.TuneStage;
import org.rambo.harness.tune.TuneTasks;
import org.rambo.runfolder.RunFolderException;
import org.rambo.training.Preemption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rambo-bench tune GRID}: the same budget of trials for every method, each trial trained
 * on every class-disjoint fold of the training classes and scored on the held-out fold; then each
 * method's best setting trained with the grid's seeds and evaluated on the test classes.
 */
@Command(
        name = "tune",
        mixinStandardHelpOptions = true,
        description = {
            "Tune every method of a grid with the same budget (the grid's tune section), then train each "
                    + "method's best setting with the grid's seeds on all training classes.",
            "Trial x fold runs go to <runs-dir>/<grid>-tune/, final runs and tuning.json to <runs-dir>/<grid>-tuned/; "
                    + "report them with `rambo-bench report <runs-dir>/<grid>-tuned`."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every run finished (or is trained by another process)",
            "1:bad input (config, data, a damaged run folder, a stage whose inputs are not there)",
            "3:one or more final runs failed",
            "4:environment (disk full, permissions)",
            "75:stopped by a signal after a checkpoint: run again to resume"
        })
public final class TuneCommand implements Callable<Integer> {

    @Spec
    CommandSpec command;

    @Mixin
    GridSelection selection;

    @Option(
            names = "--base-dir",
            defaultValue = ".",
            description = "folder that dataset roots in the grid are relative to (default: ${DEFAULT-VALUE})")
    Path baseDir;

    @Option(names = "--budget", paramLabel = "N", description = "trials per method (default: the grid's tune.budget)")
    Integer budget;

    @Option(
            names = "--stage",
            paramLabel = "STAGE",
            defaultValue = "all",
            description = "tune (the trials), final (the best settings with the grid's seeds) or all "
                    + "(default: ${DEFAULT-VALUE})")
    String stage;

    @Option(
            names = "--task",
            paramLabel = "I",
            description = "train only task I of the stage (a Slurm array task; `rambo-bench slurm GRID --stage` "
                    + "numbers them)")
    Integer task;

    @Option(names = "--no-progress", description = "no progress bars (logs only)")
    boolean noProgress;

    /** The grid as tuned: --set, --only and --budget applied. */
    static GridSpec load(GridSelection selection, Integer budget) {
        if (selection.seeds != null && !selection.seeds.isEmpty()) {
            throw new IllegalArgumentException(
                    "--seeds: tuning trains with the grid's first seed and the final stage with all its seeds");
        }
        GridSpec spec = selection.load();
        TuneRuns.tuneOf(spec);
        if (budget != null) {
            if (budget < 1) {
                throw new IllegalArgumentException("--budget " + budget + ": must be at least 1");
            }
            spec = new GridSpec(
                    spec.name(),
                    spec.dataset(),
                    spec.protocol(),
                    spec.seeds(),
                    spec.methods(),
                    spec.tune().withBudget(budget));
        }
        return spec;
    }

    @Override
    public Integer call() throws Exception {
        if (!List.of("tune", "final", "all").contains(stage)) {
            throw new IllegalArgumentException("--stage " + stage + ": must be tune, final or all");
        }
        if (task != null && stage.equals("all")) {
            throw new IllegalArgumentException("--task needs --stage tune or --stage final");
        }
        GridSpec spec = load(selection, budget);
        System.setProperty(
                "ai.djl.pytorch.num_threads", String.valueOf(spec.protocol().threads()));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        RunOptions options = new RunOptions(!noProgress, false, null, null, Preemption.onSignals(), note -> {
            err.println(note);
            err.flush();
        });
        List<GridRunner.RunSummary> runs = new ArrayList<>();
        if (!stage.equals("final")) {
            TuneTasks.Task only = task == null ? null : TuneTasks.tuneTask(spec, task);
            runs.addAll(TuneStage.run(spec, selection.runsDir, baseDir, options, only));
            if (interrupted(runs, options, err)) {
                return ExitCode.INTERRUPTED;
            }
            out.print(trialTable(spec, selection.runsDir));
        }
        if (!stage.equals("tune")) {
            options = new RunOptions(!noProgress, false, null, null, options.preemption(), options.notes());
            List<GridRunner.RunSummary> fin = FinalStage.run(spec, selection.runsDir, baseDir, options, task);
            runs.addAll(fin);
            out.print(GridRunner.table(fin));
            out.println("tuning record: "
                    + selection
                            .runsDir
                            .resolve(spec.name() + TuneRuns.FINAL_SUFFIX)
                            .resolve("tuning.json"));
            if (interrupted(fin, options, err)) {
                return ExitCode.INTERRUPTED;
            }
            long failed = fin.stream()
                    .filter(r -> r.status() == RunOutcome.Status.FAILED)
                    .count();
            if (failed > 0) {
                err.println(failed + " of " + fin.size() + " final runs failed; see the table above");
                err.flush();
                out.flush();
                return ExitCode.RUNS_FAILED;
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    private static boolean interrupted(List<GridRunner.RunSummary> runs, RunOptions options, PrintWriter err) {
        if (options.preemption().requested()
                || runs.stream().anyMatch(r -> r.status() == RunOutcome.Status.INTERRUPTED)) {
            err.println("stopped by " + options.preemption().reason()
                    + " after a checkpoint; run the same command again to resume");
            err.flush();
            return true;
        }
        return false;
    }

    /** Each method's trials so far: setting, fold values and mean, the best marked. */
    static String trialTable(GridSpec spec, Path runsDir) throws RunFolderException {
        StringBuilder b = new StringBuilder(String.format(
                "%-22s %5s %-7s %10s  %s%n",
                "method", "trial", "phase", spec.tune().objective() + " %", "setting"));
        for (MethodSpec m : spec.methods()) {
            List<Trial> trials = TrialHistory.known(spec, m, runsDir);
            for (Trial t : trials) {
                Double v = t.objective();
                String value = !t.complete() ? "pending" : v == null ? "failed" : MetricsFormat.percent(v);
                b.append(String.format(
                        "%-22s %5d %-7s %10s  %s lr=%s%n",
                        m.id(),
                        t.index(),
                        t.phase(),
                        value,
                        t.values(),
                        t.setting().learningRate()));
            }
            if (trials.size() < spec.tune().budget()) {
                b.append(String.format(
                        "%-22s %5s   %d more trials wait for these to end%n",
                        m.id(), "", spec.tune().budget() - trials.size()));
            }
        }
        return b.toString();
    }
}
