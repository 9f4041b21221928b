package org.rambo.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rambo.harness.config.GridSpec;
import org.rambo.harness.train.RunConfig;
import org.rambo.harness.tune.FinalStage;
import org.rambo.harness.tune.TuneRuns;
import org.rambo.harness.tune.TuneTasks;
import org.rambo.runfolder.AtomicWriter;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.RunFolderException;

/**
 * {@code rambo-bench slurm GRID --stage tune|final}. The tune stage's array holds the trial x
 * fold runs the optimiser can propose now (at first the space-filling trials, then one trial per
 * method at a time), and the job after it runs {@code slurm GRID --stage tune} again, which
 * submits the next ones, and once every method has spent its budget, the final stage. The final
 * stage's array trains each method's best setting with the grid's seeds; the job after it
 * writes the report of {@code <grid>-tuned}.
 */
final class TuneSlurm {

    private final SlurmCommand c;

    TuneSlurm(SlurmCommand command) {
        this.c = command;
    }

    int call() throws RunFolderException {
        if (!c.stage.equals("tune") && !c.stage.equals("final")) {
            throw new IllegalArgumentException("--stage " + c.stage + ": must be tune or final");
        }
        GridSpec grid = TuneCommand.load(c.selection, null);
        PrintWriter out = c.spec.commandLine().getOut();
        if (c.stage.equals("tune")) {
            List<Integer> pending = TuneTasks.pendingTune(grid, c.selection.runsDir);
            if (!pending.isEmpty()) {
                return submit(grid, "tune", pending, out);
            }
            out.println("grid " + grid.name() + ": every method has spent its budget of "
                    + grid.tune().budget() + " trials; the final stage follows");
        }
        List<RunConfig> runs = FinalStage.runs(grid, c.selection.runsDir);
        List<Integer> toTrain = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            if (!FinalRecord.exists(TuneRuns.folder(c.selection.runsDir, runs.get(i)))) {
                toTrain.add(i);
            }
        }
        return submit(grid, "final", toTrain, out);
    }

    private int submit(GridSpec grid, String stage, List<Integer> tasks, PrintWriter out) {
        boolean tune = stage.equals("tune");
        Path runsDir = c.selection.runsDir.toAbsolutePath().normalize();
        String stageGrid = grid.name() + (tune ? TuneRuns.TUNE_SUFFIX : TuneRuns.FINAL_SUFFIX);
        Path report = (c.reportDir == null ? Path.of("results", stageGrid) : c.reportDir)
                .toAbsolutePath()
                .normalize();
        StageScripts scripts = new StageScripts(
                "rambo-" + stageGrid,
                runsDir.resolve(stageGrid).resolve("slurm"),
                Path.of("").toAbsolutePath(),
                c.launcher == null ? SlurmCommand.defaultLauncher() : c.launcher,
                new SbatchScripts.Resources(
                        c.partition,
                        c.account,
                        c.time,
                        c.gpusPerTask,
                        c.cpusPerTask,
                        c.mem,
                        c.maxParallel,
                        c.sbatchOptions));
        List<String> gridWords = new ArrayList<>();
        gridWords.add(c.selection.grid.toAbsolutePath().normalize().toString());
        gridWords.add("--runs-dir");
        gridWords.add(runsDir.toString());
        gridWords.addAll(c.selection.arguments());
        Path arrayFile = scripts.slurmDir().resolve(stage + ".sbatch");
        Path afterFile = scripts.slurmDir().resolve("after.sbatch");
        out.println("grid " + grid.name() + ", stage " + stage + ": " + tasks.size() + " runs to train"
                + (tasks.isEmpty() ? "" : " (tasks " + SbatchScripts.arraySpec(tasks, null) + ")"));
        if (!tasks.isEmpty()) {
            List<String> command = new ArrayList<>(List.of("tune"));
            command.addAll(gridWords);
            command.addAll(List.of("--stage", stage));
            AtomicWriter.writeString(
                    arrayFile,
                    scripts.arrayScript(
                            tune
                                    ? "Tunes grid " + grid.name() + ": task I trains tune task I (method, trial, fold) "
                                            + "of the trials the optimiser can propose now."
                                    : "Trains each method's best setting of grid " + grid.name()
                                            + " with the grid's seeds: task I is final run I.",
                            tasks,
                            command));
            out.println("wrote " + arrayFile);
        }
        List<String> after = new ArrayList<>();
        if (tune) {
            after.add("slurm");
            after.addAll(gridWords);
            after.addAll(List.of("--stage", "tune", "--launcher", scripts.launcher()));
            after.addAll(resourceArguments());
        } else {
            after.addAll(List.of("report", runsDir.resolve(stageGrid).toString(), "--out", report.toString()));
        }
        AtomicWriter.writeString(
                afterFile,
                scripts.afterScript(
                        tune
                                ? "Submits the next tuning trials of grid " + grid.name()
                                        + " (or the final stage once the budget is spent)."
                                : "Reports grid " + stageGrid + " into " + report,
                        after));
        out.println("wrote " + afterFile);
        if (c.dryRun) {
            out.println("dry run: nothing submitted; to submit:");
            if (!tasks.isEmpty()) {
                out.println("  sbatch --parsable " + arrayFile);
                out.println("  sbatch --parsable --dependency=afterany:<array job id> " + afterFile);
            } else {
                out.println("  sbatch --parsable " + afterFile);
            }
            out.flush();
            return ExitCode.OK;
        }
        try {
            Sbatch sbatch = new Sbatch(c.environment);
            List<String> afterOptions = new ArrayList<>();
            if (!tasks.isEmpty()) {
                String array = sbatch.submit(List.of(), arrayFile);
                out.println("submitted " + stage + " array: job " + array + " (tasks "
                        + SbatchScripts.arraySpec(tasks, c.maxParallel) + ")");
                afterOptions.add("--dependency=afterany:" + array);
            }
            String job = sbatch.submit(afterOptions, afterFile);
            out.println("submitted " + (tune ? "the next tuning step" : "the report") + ": job " + job);
            out.flush();
            return ExitCode.OK;
        } catch (Sbatch.SubmitException e) {
            out.flush();
            c.spec.commandLine().getErr().println("rambo-bench slurm: " + e.getMessage());
            c.spec.commandLine().getErr().flush();
            return ExitCode.ENVIRONMENT;
        }
    }

    /** The resource options again, for the follow-up job's own `slurm` call. */
    private List<String> resourceArguments() {
        List<String> a = new ArrayList<>();
        add(a, "--partition", c.partition);
        add(a, "--account", c.account);
        add(a, "--time", c.time);
        add(a, "--gpus-per-task", c.gpusPerTask);
        add(a, "--cpus-per-task", c.cpusPerTask);
        add(a, "--mem", c.mem);
        add(a, "--max-parallel", c.maxParallel);
        if (c.reportDir != null) {
            add(a, "--report-dir", c.reportDir.toAbsolutePath().normalize());
        }
        if (c.sbatchOptions != null) {
            c.sbatchOptions.forEach(o -> a.add("--sbatch-option=" + o));
        }
        return a;
    }

    private static void add(List<String> args, String option, Object value) {
        if (value != null) {
            args.add(option);
            args.add(value.toString());
        }
    }
}
