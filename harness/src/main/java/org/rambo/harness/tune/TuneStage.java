package org.rambo.harness.tune;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rambo.harness.config.ConfigException;
import org.rambo.harness.config.FoldSpec;
import org.rambo.harness.config.GridSpec;
import org.rambo.harness.config.MethodSpec;
import org.rambo.harness.config.TuneSpec;
import org.rambo.harness.train.GridRunner;
import org.rambo.harness.train.RunExecutor;
import org.rambo.harness.train.RunOptions;
import org.rambo.harness.train.RunOutcome;
import org.rambo.harness.train.TrainingData;
import org.rambo.harness.train.TrainingDataFactory;
import org.rambo.runfolder.RunFolderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tune stage: for each method in turn, trains the next fold run of the earliest trial that
 * is not done, then asks the run folders again, until the method's budget is spent. Finished
 * runs are skipped (a re-run trains nothing), runs another process holds are left to it, and a
 * failed run makes its trial a failed one (the worst value for the optimiser).
 */
public final class TuneStage {

    private static final Logger LOG = LoggerFactory.getLogger(TuneStage.class);

    private TuneStage() {}

    /** Trains every trial x fold still to train (or only {@code only}, when not null). */
    public static List<GridRunner.RunSummary> run(
            GridSpec grid, Path runsDir, Path baseDir, RunOptions options, TuneTasks.Task only)
            throws RunFolderException {
        TuneSpec tune = TuneRuns.tuneOf(grid);
        List<GridRunner.RunSummary> summaries = new ArrayList<>();
        Set<Path> attempted = new HashSet<>();
        TrainingData whole = null;
        RunExecutor[] executors = new RunExecutor[tune.folds()];
        try {
            for (MethodSpec method : grid.methods()) {
                if (only != null && !only.method().equals(method.id())) {
                    continue;
                }
                while (true) {
                    if (options.preemption().requested()) {
                        return summaries;
                    }
                    FoldRun next = next(TrialHistory.known(grid, method, runsDir), attempted, only);
                    if (next == null) {
                        break;
                    }
                    attempted.add(next.folder());
                    if (whole == null) {
                        whole = TrainingDataFactory.open(grid.dataset(), grid.protocol(), baseDir);
                    }
                    if (executors[next.fold()] == null) {
                        executors[next.fold()] = new RunExecutor(fold(whole, grid, tune, next.fold()), options);
                    }
                    LOG.info(
                            "tune {} trial {} fold {}/{}: {}",
                            method.id(),
                            trialOf(next, grid, method, runsDir),
                            next.fold() + 1,
                            tune.folds(),
                            next.run().folderName());
                    RunOutcome o = executors[next.fold()].execute(next.run(), next.folder());
                    summaries.add(new GridRunner.RunSummary(
                            method.id(), next.run().seed(), o.status(), next.folder(), o.last(), o.failure()));
                    if (o.status() == RunOutcome.Status.INTERRUPTED) {
                        return summaries;
                    }
                }
            }
            if (only != null && summaries.isEmpty()) {
                checkTaskKnown(grid, runsDir, only);
            }
            return summaries;
        } finally {
            options.preemption().settle();
            if (whole != null) {
                whole.close();
            }
        }
    }

    private static FoldRun next(List<Trial> trials, Set<Path> attempted, TuneTasks.Task only) {
        for (Trial t : trials) {
            if (only != null && t.index() != only.trial()) {
                continue;
            }
            for (FoldRun f : t.folds()) {
                if ((only == null || f.fold() == only.fold()) && !f.ended() && !attempted.contains(f.folder())) {
                    return f;
                }
            }
        }
        return null;
    }

    private static String trialOf(FoldRun run, GridSpec grid, MethodSpec method, Path runsDir)
            throws RunFolderException {
        for (Trial t : TrialHistory.known(grid, method, runsDir)) {
            if (t.folds().stream().anyMatch(f -> f.folder().equals(run.folder()))) {
                return (t.index() + 1) + "/" + TuneRuns.tuneOf(grid).budget() + " (" + t.phase() + ") " + t.values();
            }
        }
        return "?";
    }

    /** A task whose trial cannot be proposed yet: its earlier trials have not all ended. */
    private static void checkTaskKnown(GridSpec grid, Path runsDir, TuneTasks.Task only) throws RunFolderException {
        MethodSpec method = grid.methods().stream()
                .filter(m -> m.id().equals(only.method()))
                .findFirst()
                .orElseThrow();
        if (TrialHistory.known(grid, method, runsDir).size() <= only.trial()) {
            throw new IllegalArgumentException("tune task " + only.index() + " (" + only.method() + " trial "
                    + only.trial() + "): the optimiser proposes it from the trials before it, which have not all "
                    + "ended yet; train those first");
        }
    }

    /** The fold's data, checked against the tuning runs' sampler. */
    static TrainingData fold(TrainingData whole, GridSpec grid, TuneSpec tune, int fold) {
        FoldData data = FoldData.of(whole, new FoldSpec(tune.folds(), fold));
        long classes = Arrays.stream(data.trainLabels()).distinct().count();
        int p = tune.sampler() == null
                ? grid.protocol().sampler().classesPerBatch()
                : tune.sampler().classesPerBatch();
        if (classes < p) {
            throw new ConfigException("tune.sampler.classes_per_batch: the tuning runs of fold " + fold + " train on "
                    + classes + " classes (the other " + (tune.folds() - 1) + " of " + tune.folds()
                    + " folds of the training classes), fewer than P=" + p + " classes per batch; set tune.sampler "
                    + "to at most " + classes + " classes");
        }
        return data;
    }
}
