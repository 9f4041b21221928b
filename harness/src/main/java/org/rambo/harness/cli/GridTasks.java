package org.rambo.harness.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rambo.harness.config.GridSpec;
import org.rambo.harness.train.GridRunner;
import org.rambo.harness.train.RunConfig;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.RunFiles;
import org.rambo.runfolder.RunFolderException;
import org.rambo.runfolder.RunStatus;

/**
 * A grid's runs as numbered tasks, in the order the grid runner trains them (seeds, then methods
 * within a seed). The numbers are what `rambo-bench list` prints, what `run --task` takes and what
 * a Slurm job array's task ids are, so all three must come from here.
 */
final class GridTasks {

    /**
     * One run of a grid.
     *
     * @param index   zero-based position in the grid's run order
     * @param started whether the run folder exists (has config.json); a run not started is "new"
     * @param status  what the run folder says; {@link RunStatus#UNFINISHED} for a new run too
     */
    record Task(int index, RunConfig run, Path folder, boolean started, RunStatus status) {

        /** finished, failed, unfinished or new. */
        String statusWord() {
            return started ? status.word() : "new";
        }

        /** Whether a job array should train it: new or interrupted (a failed run is retried only on request). */
        boolean toTrain() {
            return status == RunStatus.UNFINISHED;
        }
    }

    private GridTasks() {}

    /** Every run of the grid with its folder under runsDir and the status its files give. */
    static List<Task> of(GridSpec grid, Path runsDir) {
        List<RunConfig> runs = GridRunner.runConfigs(grid);
        List<Task> tasks = new ArrayList<>(runs.size());
        for (int i = 0; i < runs.size(); i++) {
            RunConfig run = runs.get(i);
            Path folder = runsDir.resolve(grid.name()).resolve(run.folderName());
            boolean ended = FinalRecord.exists(folder);
            tasks.add(new Task(
                    i,
                    run,
                    folder,
                    ended || RunFiles.isRunFolder(folder),
                    ended ? endedStatus(folder) : RunStatus.UNFINISHED));
        }
        return tasks;
    }

    /** The grid narrowed to its run number {@code index}: what `run --task` trains. */
    static GridSpec only(GridSpec grid, int index) {
        List<RunConfig> runs = GridRunner.runConfigs(grid);
        if (index < 0 || index >= runs.size()) {
            throw new IllegalArgumentException("--task " + index + " is out of range: grid " + grid.name()
                    + " has " + runs.size() + " runs, numbered 0 to " + (runs.size() - 1)
                    + " (rambo-bench list shows them)");
        }
        RunConfig run = runs.get(index);
        return grid.select(List.of(run.method()), List.of(run.seed()));
    }

    private static RunStatus endedStatus(Path folder) {
        try {
            return FinalRecord.read(folder).status();
        } catch (RunFolderException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
