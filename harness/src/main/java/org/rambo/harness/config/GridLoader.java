package org.rambo.harness.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rambo.baselines.LossProvider;
import org.rambo.baselines.LossRegistry;

/**
 * Reads grid files (YAML or JSON, snake_case keys) with {@code --set KEY=VALUE} overrides: the
 * file is read by {@link ConfigLoader}, then the checks that need the whole grid are made here
 * (each loss built once, the tune section against the methods). Every error names the file and
 * line of the offending key, or the {@code --set} that gave it.
 */
public final class GridLoader {

    private GridLoader() {}

    public static GridSpec load(Path file) {
        return load(file, List.of());
    }

    /**
     * The grid in a file with {@code --set KEY=VALUE} overrides applied, validated as one: the
     * returned spec is what runs, is hashed and is written to each run's config.json.
     */
    public static GridSpec load(Path file, List<String> sets) {
        return read(file, sets).value();
    }

    /**
     * As {@link #load(Path, List)}, keeping where each key was given, for a check that can only
     * be made once the data is open (it knows its key but not its line). Commands that read a
     * grid (run, list, slurm, tune) call this with their {@code --set} values (null = none).
     */
    public static Located<GridSpec> read(Path file, List<String> sets) {
        if (!Files.exists(file)) {
            throw new ConfigException(file + ": no such grid file");
        }
        checkProviders(file.toString());
        return checked(ConfigLoader.read(file, GridSpec.class, sets));
    }

    public static GridSpec parse(String text, boolean yaml, String source) {
        return parse(text, yaml, source, List.of());
    }

    public static GridSpec parse(String text, boolean yaml, String source, List<String> sets) {
        checkProviders(source);
        return checked(ConfigLoader.parse(text, yaml, source, GridSpec.class, sets, tree -> {}))
                .value();
    }

    private static Located<GridSpec> checked(Located<GridSpec> grid) {
        buildLosses(grid);
        TuneChecks.check(grid);
        return grid;
    }

    /**
     * Each method's loss (parsed when its method was read) is built once here, so that a value
     * its provider refuses ({@code lambda=-4}) is named with its line before any run folder
     * exists rather than when its run starts.
     */
    private static void buildLosses(Located<GridSpec> grid) {
        List<MethodSpec> methods = grid.value().methods();
        for (int i = 0; i < methods.size(); i++) {
            MethodSpec m = methods.get(i);
            try {
                LossRegistry.build(m.loss());
            } catch (IllegalArgumentException e) {
                throw grid.fail("methods[" + i + "].loss", "(method '" + m.id() + "'): " + e.getMessage());
            }
        }
    }

    /**
     * The loss providers on the class path load (no services entry naming a missing class, no two
     * providers of one name): a jar the user added, not a bug of this suite. Checked before the
     * methods' loss specs are parsed.
     */
    private static void checkProviders(String source) {
        try {
            LossRegistry.providers();
        } catch (IllegalStateException e) {
            throw new ConfigException(
                    source + ": the loss providers on the class path: "
                            + e.getMessage().split("\n")[0]
                            + "; remove or fix the jar that adds it (its META-INF/services/"
                            + LossProvider.class.getName() + ")",
                    e);
        }
    }
}
