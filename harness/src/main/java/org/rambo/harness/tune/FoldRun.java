package org.rambo.harness.tune;

import java.nio.file.Path;
import org.rambo.harness.train.RunConfig;
import org.rambo.runfolder.RunStatus;

/**
 * One fold of a trial: its run, folder, status and objective value (null unless finished with
 * a value).
 */
public record FoldRun(int fold, RunConfig run, Path folder, RunStatus status, Double value) {

    /** Finished or failed: nothing left to train. */
    public boolean ended() {
        return status != RunStatus.UNFINISHED;
    }
}
