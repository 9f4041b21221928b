package org.rambo.harness.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rambo-bench list GRID}: the grid's runs, numbered as `run --task` and Slurm array tasks number them. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List a grid's runs with a stable zero-based index, the run folder and its status "
                    + "(finished, failed, unfinished = started or interrupted, new = not started).",
            "The index is what `rambo-bench run GRID --task I` takes."
        })
public final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GridSelection selection;

    @Override
    public Integer call() {
        List<GridTasks.Task> tasks = selection.tasks(selection.load());
        PrintWriter out = spec.commandLine().getOut();
        int methodWidth = Math.max(
                "method".length(),
                tasks.stream().mapToInt(t -> t.run().method().length()).max().orElse(0));
        String row = "%5s  %-" + methodWidth + "s  %6s  %-10s  %s%n";
        out.printf(row, "index", "method", "seed", "status", "folder");
        for (GridTasks.Task t : tasks) {
            out.printf(row, t.index(), t.run().method(), t.run().seed(), t.statusWord(), t.folder());
        }
        out.flush();
        return ExitCode.OK;
    }
}
