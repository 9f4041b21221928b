package org.rambo.harness.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.rambo.harness.config.GridLoader;
import org.rambo.harness.train.GridRunner;
import org.rambo.harness.train.RunConfig;
import org.rambo.runfolder.AtomicWriter;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.RunFiles;
import org.rambo.runfolder.RunStatus;

/**
 * The ci grid (configs/ci.yaml: 5 seeds x 4 methods) with run folders in every state: run 0
 * finished, run 1 failed, run 2 started (config.json only), runs 3-19 not started.
 */
final class GridTaskFixture {

    static final Path CI_GRID = Path.of("..", "configs", "ci.yaml");

    private GridTaskFixture() {}

    /** The ci grid's runs in training order (seed 0's four methods, then seed 1's). */
    static List<RunConfig> ciRuns() {
        return GridRunner.runConfigs(GridLoader.load(CI_GRID));
    }

    static Path folder(Path runsDir, int index) {
        return runsDir.resolve("ci").resolve(ciRuns().get(index).folderName());
    }

    static void writeStates(Path runsDir) {
        List<RunConfig> runs = ciRuns();
        for (int i = 0; i < 3; i++) {
            AtomicWriter.writeString(
                    folder(runsDir, i).resolve(RunFiles.CONFIG), runs.get(i).canonicalJson());
        }
        ended(runs.get(0), RunStatus.FINISHED, null).writeTo(folder(runsDir, 0));
        ended(runs.get(1), RunStatus.FAILED, "non-finite loss at epoch 1 step 3")
                .writeTo(folder(runsDir, 1));
    }

    private static FinalRecord ended(RunConfig run, RunStatus status, String failure) {
        return new FinalRecord(
                status,
                "ci",
                "fashion-mnist",
                run.method(),
                run.loss().toString(),
                run.seed(),
                2,
                Map.of("recall_at_1", 0.5),
                Map.of(),
                1.0,
                2.0,
                0.0,
                1.5,
                failure,
                null);
    }
}
