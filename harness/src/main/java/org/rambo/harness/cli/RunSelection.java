package org.rambo.harness.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * --seeds, --set and --runs-dir, as every command that trains or lists runs takes them: `run`,
 * `list`, `slurm` and `tune` through {@link GridSelection}, `detect` directly.
 */
class RunSelection {

    @Option(
            names = "--seeds",
            split = ",",
            paramLabel = "SEED",
            description = "only these seeds (default: the config's)")
    List<Long> seeds;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "override a key of the config file by its dotted path, e.g. protocol.epochs=1 (in a grid"
                    + " also methods.rambo-ap.loss=...); repeatable")
    List<String> sets;

    @Option(
            names = "--runs-dir",
            defaultValue = "runs",
            description = "where run folders go (default: ${DEFAULT-VALUE})")
    Path runsDir;

    /** The --set values (none: empty). */
    List<String> sets() {
        return sets == null ? List.of() : sets;
    }
}
