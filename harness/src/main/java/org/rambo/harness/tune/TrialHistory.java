package org.rambo.harness.tune;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rambo.harness.config.GridSpec;
import org.rambo.harness.config.MethodSpec;
import org.rambo.harness.config.TuneSpec;
import org.rambo.harness.train.RunConfig;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.RunFolderException;
import org.rambo.runfolder.RunStatus;

/**
 * A method's trials as the run folders say: the proposals are replayed from the optimiser's
 * seed, each trial's values read back from its folds' final.json, so any process (a Slurm
 * task, a re-run after a kill) sees the same trials. Trials are known up to the budget or to
 * the first trial whose proposal needs an earlier trial that has not ended.
 */
public final class TrialHistory {

    private TrialHistory() {}

    public static List<Trial> known(GridSpec grid, MethodSpec method, Path runsDir) throws RunFolderException {
        TuneSpec tune = TuneRuns.tuneOf(grid);
        SearchSpace space = new SearchSpace(tune.space(method.id()));
        Optimiser optimiser = new Optimiser(space.levels(), tune.initialTrials(), tune.seed(), method.id());
        List<double[]> points = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Trial> trials = new ArrayList<>();
        boolean allEnded = true;
        for (int t = 0; t < tune.budget(); t++) {
            if (optimiser.needsHistory(t) && !allEnded) {
                break;
            }
            double[] point = optimiser.propose(t, points, values);
            Map<String, String> chosen = space.setting(point);
            TuneRuns.Setting setting = TuneRuns.setting(grid, method, chosen);
            List<FoldRun> folds = new ArrayList<>();
            for (int f = 0; f < tune.folds(); f++) {
                RunConfig run = TuneRuns.onlyRun(TuneRuns.trialGrid(grid, method, setting, f));
                folds.add(read(f, run, TuneRuns.folder(runsDir, run), tune.objective()));
            }
            Trial trial = new Trial(
                    method.id(), t, optimiser.needsHistory(t) ? "tpe" : "initial", point, chosen, setting, folds);
            trials.add(trial);
            allEnded &= trial.complete();
            points.add(point);
            values.add(trial.objective());
        }
        return trials;
    }

    private static FoldRun read(int fold, RunConfig run, Path folder, String objective) throws RunFolderException {
        if (!FinalRecord.exists(folder)) {
            return new FoldRun(fold, run, folder, RunStatus.UNFINISHED, null);
        }
        FinalRecord r = FinalRecord.read(folder);
        return new FoldRun(
                fold,
                run,
                folder,
                r.status(),
                r.status() == RunStatus.FINISHED ? r.last().get(objective) : null);
    }
}
