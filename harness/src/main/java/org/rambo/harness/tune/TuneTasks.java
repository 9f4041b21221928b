package org.rambo.harness.tune;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rambo.harness.config.GridSpec;
import org.rambo.harness.config.MethodSpec;
import org.rambo.harness.config.TuneSpec;
import org.rambo.runfolder.RunFolderException;

/**
 * The numbered tasks of the two stages, stable while runs finish, so a Slurm array written
 * now names the same runs when its tasks start: tune task (m x budget + t) x folds + f is fold
 * f of trial t of the grid's method m; final task s x methods + m is method m's final run for
 * the grid's seed s (the run order of an ordinary grid).
 */
public final class TuneTasks {

    /** A tune task: which method, trial and fold. */
    public record Task(int index, String method, int trial, int fold) {}

    private TuneTasks() {}

    public static int tuneTaskCount(GridSpec grid) {
        TuneSpec tune = TuneRuns.tuneOf(grid);
        return grid.methods().size() * tune.budget() * tune.folds();
    }

    public static Task tuneTask(GridSpec grid, int index) {
        TuneSpec tune = TuneRuns.tuneOf(grid);
        int count = tuneTaskCount(grid);
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException(
                    "--task " + index + " is out of range: the tune stage of grid " + grid.name() + " has " + count
                            + " tasks (methods x budget x folds), numbered 0 to " + (count - 1));
        }
        int fold = index % tune.folds();
        int trial = (index / tune.folds()) % tune.budget();
        int method = index / (tune.folds() * tune.budget());
        return new Task(index, grid.methods().get(method).id(), trial, fold);
    }

    /** The tune tasks that can train now: folds not ended of the trials the optimiser can propose now. */
    public static List<Integer> pendingTune(GridSpec grid, Path runsDir) throws RunFolderException {
        TuneSpec tune = TuneRuns.tuneOf(grid);
        List<Integer> out = new ArrayList<>();
        for (int m = 0; m < grid.methods().size(); m++) {
            MethodSpec method = grid.methods().get(m);
            for (Trial t : TrialHistory.known(grid, method, runsDir)) {
                for (FoldRun f : t.folds()) {
                    if (!f.ended()) {
                        out.add((m * tune.budget() + t.index()) * tune.folds() + f.fold());
                    }
                }
            }
        }
        return out;
    }

    /** Whether every method has spent its budget: all trials ended. */
    public static boolean tuningDone(GridSpec grid, Path runsDir) throws RunFolderException {
        int budget = TuneRuns.tuneOf(grid).budget();
        for (MethodSpec m : grid.methods()) {
            List<Trial> trials = TrialHistory.known(grid, m, runsDir);
            if (trials.size() < budget || !trials.stream().allMatch(Trial::complete)) {
                return false;
            }
        }
        return true;
    }
}
