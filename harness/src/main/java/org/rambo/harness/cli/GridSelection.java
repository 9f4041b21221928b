package org.rambo.harness.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rambo.harness.config.ConfigException;
import org.rambo.harness.config.GridLoader;
import org.rambo.harness.config.GridSpec;
import org.rambo.harness.config.Located;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The grid, --only, and (from {@link RunSelection}, which `detect` takes too) --seeds, --set and
 * --runs-dir, as `run`, `list`, `slurm` and `tune` all take them (one meaning, one numbering).
 */
final class GridSelection extends RunSelection {

    @Parameters(index = "0", paramLabel = "GRID", description = "grid file (YAML or JSON), e.g. configs/default.yaml")
    Path grid;

    @Option(names = "--only", split = ",", paramLabel = "METHOD", description = "only these method ids")
    List<String> only;

    /** The grid as read, with where each key was given; read once. */
    private Located<GridSpec> read;

    /** The grid narrowed by --only and --seeds. */
    GridSpec load() {
        read = GridLoader.read(grid, sets());
        return read.value().select(only, seeds);
    }

    /** A check made after loading that names its key but not its line, with the line (or --set) added. */
    ConfigException located(ConfigException e) {
        return read == null ? e : read.locate(e);
    }

    /** --set, --only and --seeds again, for a command line that must number and name the runs the same way. */
    List<String> arguments() {
        List<String> args = new ArrayList<>();
        for (String s : sets()) {
            args.add("--set");
            args.add(s);
        }
        if (only != null && !only.isEmpty()) {
            args.add("--only");
            args.add(String.join(",", only));
        }
        if (seeds != null && !seeds.isEmpty()) {
            args.add("--seeds");
            args.add(String.join(",", seeds.stream().map(String::valueOf).toList()));
        }
        return args;
    }

    /** The grid's runs as numbered tasks with their folders' status. */
    List<GridTasks.Task> tasks(GridSpec selected) {
        return GridTasks.of(selected, runsDir);
    }
}
