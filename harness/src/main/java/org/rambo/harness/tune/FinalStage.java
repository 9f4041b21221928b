package org.rambo.harness.tune;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rambo.harness.config.GridSpec;
import org.rambo.harness.config.MethodSpec;
import org.rambo.harness.train.GridRunner;
import org.rambo.harness.train.RunConfig;
import org.rambo.harness.train.RunExecutor;
import org.rambo.harness.train.RunOptions;
import org.rambo.harness.train.RunOutcome;
import org.rambo.harness.train.TrainingData;
import org.rambo.harness.train.TrainingDataFactory;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.RunFolderException;
import org.rambo.runfolder.RunStatus;

/**
 * The final stage: each method's best trial (highest mean validation objective; the earlier
 * trial on a tie) trained with every seed of the grid on all training classes and evaluated on
 * the test classes, into {@code runs/<grid>-tuned/}, with {@code tuning.json} beside the runs.
 */
public final class FinalStage {

    private FinalStage() {}

    /** The best trial of a finished search; an error when the search has not spent its budget. */
    static Trial best(String method, List<Trial> trials, int budget) {
        long ended = trials.stream().filter(Trial::complete).count();
        if (trials.size() < budget || ended < budget) {
            throw new IllegalArgumentException("method '" + method + "': " + ended + " of " + budget
                    + " tuning trials have ended; run the tune stage first (rambo-bench tune GRID --stage tune)");
        }
        Trial best = null;
        for (Trial t : trials) {
            if (t.objective() != null && (best == null || t.objective() > best.objective())) {
                best = t;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException(
                    "method '" + method + "': every tuning trial failed; see the run folders' final.json");
        }
        return best;
    }

    /** Every method's trials, read from the run folders. */
    public static Map<MethodSpec, List<Trial>> trials(GridSpec grid, Path runsDir) throws RunFolderException {
        Map<MethodSpec, List<Trial>> out = new LinkedHashMap<>();
        for (MethodSpec m : grid.methods()) {
            out.put(m, TrialHistory.known(grid, m, runsDir));
        }
        return out;
    }

    /** The final runs in task order (seeds, then methods), each method under its chosen setting. */
    public static List<RunConfig> runs(GridSpec grid, Path runsDir) throws RunFolderException {
        TuningRecord record = TuningRecord.of(grid, trials(grid, runsDir));
        List<RunConfig> perMethod = new ArrayList<>();
        List<GridSpec> grids = new ArrayList<>();
        for (int m = 0; m < grid.methods().size(); m++) {
            TuningRecord.MethodTuning chosen = record.methods().get(m);
            grids.add(TuneRuns.finalGrid(
                    grid, grid.methods().get(m), new TuneRuns.Setting(chosen.loss(), chosen.learningRate())));
        }
        for (int s = 0; s < grid.seeds().size(); s++) {
            for (GridSpec g : grids) {
                perMethod.add(GridRunner.runConfigs(g).get(s));
            }
        }
        return perMethod;
    }

    /**
     * Writes tuning.json and trains the final runs (only run {@code task} when not null);
     * finished runs are skipped.
     */
    public static List<GridRunner.RunSummary> run(
            GridSpec grid, Path runsDir, Path baseDir, RunOptions options, Integer task) throws RunFolderException {
        TuningRecord.of(grid, trials(grid, runsDir)).writeTo(runsDir);
        List<RunConfig> runs = runs(grid, runsDir);
        if (task != null && (task < 0 || task >= runs.size())) {
            throw new IllegalArgumentException("--task " + task + " is out of range: the final stage of grid "
                    + grid.name() + " has " + runs.size() + " runs (seeds x methods), numbered 0 to "
                    + (runs.size() - 1));
        }
        List<GridRunner.RunSummary> summaries = new ArrayList<>();
        TrainingData data = null;
        try {
            for (int i = 0; i < runs.size(); i++) {
                if (task != null && i != task) {
                    continue;
                }
                RunConfig run = runs.get(i);
                Path folder = TuneRuns.folder(runsDir, run);
                if (options.preemption().requested()) {
                    break;
                }
                if (FinalRecord.exists(folder) && !options.retryFailed()) {
                    FinalRecord r = FinalRecord.read(folder);
                    summaries.add(new GridRunner.RunSummary(
                            run.method(),
                            run.seed(),
                            r.status() == RunStatus.FINISHED ? RunOutcome.Status.SKIPPED : RunOutcome.Status.FAILED,
                            folder,
                            r.last(),
                            r.failure()));
                    continue;
                }
                if (data == null) {
                    data = TrainingDataFactory.open(grid.dataset(), grid.protocol(), baseDir);
                }
                RunOutcome o = new RunExecutor(data, options).execute(run, folder);
                summaries.add(
                        new GridRunner.RunSummary(run.method(), run.seed(), o.status(), folder, o.last(), o.failure()));
                if (o.status() == RunOutcome.Status.INTERRUPTED) {
                    break;
                }
            }
            return summaries;
        } finally {
            options.preemption().settle();
            if (data != null) {
                data.close();
            }
        }
    }
}
