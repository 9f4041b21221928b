package org.rambo.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rambo.harness.config.GridLoader;
import org.rambo.harness.config.GridSpec;
import org.rambo.harness.config.MethodSpec;
import org.rambo.harness.tune.FoldRun;
import org.rambo.harness.tune.Trial;
import org.rambo.harness.tune.TrialHistory;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.RunStatus;

/**
 * `rambo-bench slurm GRID --stage tune|final --dry-run` on the ci grid: the array holds the
 * trials the optimiser can propose now, numbered (method x budget + trial) x folds + fold, and
 * moves on as trials end; once the budget is spent the final stage's array and report follow.
 */
class TuneSlurmTest {

    static final Path CI = Path.of("..", "configs", "ci.yaml");

    @TempDir
    Path dir;

    private CliRun slurm(String... args) {
        String[] full = new String[args.length + 6];
        full[0] = "slurm";
        full[1] = CI.toString();
        full[2] = "--runs-dir";
        full[3] = dir.resolve("runs").toString();
        full[4] = "--launcher";
        full[5] = "bin/rambo-bench";
        System.arraycopy(args, 0, full, 6, args.length);
        return CliRun.of(full);
    }

    private Path slurmDir(String grid) {
        return dir.resolve("runs").toAbsolutePath().resolve(grid).resolve("slurm");
    }

    /** Writes a finished final.json (MAP@R given by the trial and fold) into every fold run of the method's known trials. */
    private void finishKnownTrials(String method) throws Exception {
        GridSpec grid = GridLoader.load(CI);
        MethodSpec m = grid.methods().stream()
                .filter(x -> x.id().equals(method))
                .findFirst()
                .orElseThrow();
        for (Trial t : TrialHistory.known(grid, m, dir.resolve("runs"))) {
            for (FoldRun f : t.folds()) {
                Files.createDirectories(f.folder());
                new FinalRecord(
                                RunStatus.FINISHED,
                                f.run().grid(),
                                "fashion-mnist",
                                method,
                                f.run().loss().toString(),
                                f.run().seed(),
                                2,
                                Map.of("map_at_r", 0.1 + 0.01 * t.index() + 0.001 * f.fold()),
                                Map.of(),
                                1,
                                1,
                                0,
                                null,
                                null,
                                null)
                        .writeTo(f.folder());
            }
        }
    }

    @Test
    void tuneStageWritesAnArrayOfTheTrialsThatCanRunNow() throws IOException {
        CliRun r = slurm("--stage", "tune", "--dry-run");
        assertEquals(0, r.code(), r.err());
        Path array = slurmDir("ci-tune").resolve("tune.sbatch");
        Path after = slurmDir("ci-tune").resolve("after.sbatch");
        assertEquals(
                List.of(
                        "grid ci, stage tune: 24 runs to train (tasks 0-5,8-13,16-21,24-29)",
                        "wrote " + array,
                        "wrote " + after,
                        "dry run: nothing submitted; to submit:",
                        "  sbatch --parsable " + array,
                        "  sbatch --parsable --dependency=afterany:<array job id> " + after),
                r.out().lines().toList());
        String script = Files.readString(array);
        String ci = CI.toAbsolutePath().normalize().toString();
        String runs = dir.resolve("runs").toAbsolutePath().toString();
        assertTrue(script.contains("\n#SBATCH --array=0-5,8-13,16-21,24-29\n"), script);
        assertTrue(
                script.contains("\nsrun \"${RAMBO_BENCH[@]}\" tune " + ci + " --runs-dir " + runs
                        + " --stage tune --task \"$SLURM_ARRAY_TASK_ID\" --no-progress\n"),
                script);
        assertTrue(script.contains("scontrol requeue"), script);
        assertTrue(
                Files.readString(after)
                        .contains("\n\"${RAMBO_BENCH[@]}\" slurm " + ci + " --runs-dir " + runs
                                + " --stage tune --launcher bin/rambo-bench\n"),
                Files.readString(after));
    }

    @Test
    void theArrayMovesOnAsTrialsEndAndEndsWithTheFinalStage() throws Exception {
        // the three Latin-hypercube trials of rambo-ap (method 1) end: its trial 3 (tasks 14, 15) can be proposed
        finishKnownTrials("rambo-ap");
        CliRun r = slurm("--stage", "tune", "--dry-run");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("grid ci, stage tune: 20 runs to train (tasks 0-5,14-21,24-29)\n"), r.out());

        for (String m : List.of("rambo-recall-log", "rambo-ap", "contrastive", "triplet")) {
            finishKnownTrials(m);
            finishKnownTrials(m);
        }
        CliRun done = slurm("--stage", "tune", "--dry-run");
        assertEquals(0, done.code(), done.err());
        Path array = slurmDir("ci-tuned").resolve("final.sbatch");
        Path after = slurmDir("ci-tuned").resolve("after.sbatch");
        assertEquals(
                List.of(
                        "grid ci: every method has spent its budget of 4 trials; the final stage follows",
                        "grid ci, stage final: 20 runs to train (tasks 0-19)",
                        "wrote " + array,
                        "wrote " + after,
                        "dry run: nothing submitted; to submit:",
                        "  sbatch --parsable " + array,
                        "  sbatch --parsable --dependency=afterany:<array job id> " + after),
                done.out().lines().toList());
        assertTrue(Files.readString(array).contains(" --stage final --task \"$SLURM_ARRAY_TASK_ID\""));
        assertTrue(Files.readString(after)
                .contains("\n\"${RAMBO_BENCH[@]}\" report "
                        + dir.resolve("runs").toAbsolutePath().resolve("ci-tuned") + " --out "
                        + Path.of("results", "ci-tuned").toAbsolutePath() + "\n"));
    }

    @Test
    void finalStageBeforeTheBudgetIsSpentIsOneLineAndExitOne() {
        CliRun r = slurm("--stage", "final", "--dry-run");
        assertEquals(1, r.code());
        assertEquals(
                "rambo-bench slurm: method 'rambo-recall-log': 0 of 4 tuning trials have ended; "
                        + "run the tune stage first (rambo-bench tune GRID --stage tune)",
                r.err().strip());
    }

    @Test
    void unknownStageIsOneLineAndExitOne() {
        CliRun r = slurm("--stage", "tuning", "--dry-run");
        assertEquals(1, r.code());
        assertEquals(
                "rambo-bench slurm: --stage tuning: must be tune or final",
                r.err().strip());
    }
}
