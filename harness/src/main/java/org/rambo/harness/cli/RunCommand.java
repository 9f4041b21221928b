package org.rambo.harness.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rambo.harness.config.GridLoader;
import org.rambo.harness.config.GridSpec;
import org.rambo.harness.train.GridRunner;
import org.rambo.harness.train.RunExecutor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rambo-bench run GRID}: trains every (method, seed) of a grid into run folders. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Train every method of a grid under its one protocol; one run folder per (method, seed).")
public final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "GRID", description = "grid file (YAML or JSON), e.g. configs/default.yaml")
    Path grid;

    @Option(names = "--only", split = ",", paramLabel = "METHOD", description = "run only these method ids")
    List<String> only;

    @Option(names = "--seeds", split = ",", paramLabel = "SEED", description = "run only these seeds")
    List<Long> seeds;

    @Option(names = "--runs-dir", defaultValue = "runs", description = "where run folders go (default: ${DEFAULT-VALUE})")
    Path runsDir;

    @Option(names = "--base-dir", defaultValue = ".",
            description = "folder that dataset roots in the grid are relative to (default: ${DEFAULT-VALUE})")
    Path baseDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "override a key of the grid, e.g. protocol.epochs=1 or methods.rambo-ap.loss=...; repeatable")
    List<String> sets;

    @Option(names = "--task", paramLabel = "I",
            description = "train only run I of the grid (zero-based, as `rambo-bench list` numbers them; "
                    + "a Slurm array task)")
    Integer task;

    @Option(names = "--no-progress", description = "no progress bars (logs only)")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        GridSpec spec = GridLoader.load(grid, sets).select(only, seeds);
        if (task != null) {
            spec = GridTasks.only(spec, task);
        }
        // PyTorch reads its thread counts when the engine starts: set them before first use
        String threads = String.valueOf(spec.protocol().threads());
        System.setProperty("ai.djl.pytorch.num_threads", threads);
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        List<GridRunner.RunSummary> runs = GridRunner.run(spec, runsDir, baseDir, !noProgress, null);
        System.out.print(GridRunner.table(runs));
        long failed = runs.stream().filter(r -> r.status() == RunExecutor.Status.FAILED).count();
        if (failed > 0) {
            System.err.println(failed + " of " + runs.size() + " runs failed; see the table above");
            return 3;
        }
        return 0;
    }
}
