package org.rambo.harness.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rambo.baselines.LossProvider;
import org.rambo.baselines.LossRegistry;

/**
 * Reads grid files (YAML or JSON, snake_case keys) with {@code --set KEY=VALUE} overrides
 * ({@link ConfigLoader}); every error names the file and line of the offending key, or the
 * {@code --set} that gave it.
 */
public final class GridLoader {

    private GridLoader() {}

    /** The mapper for configs: snake_case keys, unknown keys and wrong types are errors. */
    public static ObjectMapper mapper(boolean yaml) {
        ObjectMapper m = yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        m.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return m;
    }

    public static GridSpec load(Path file) {
        return load(file, List.of());
    }

    /**
     * The grid in a file with {@code --set KEY=VALUE} overrides applied, validated as one: the
     * returned spec is what runs, is hashed and is written to each run's config.json. Commands
     * that read a grid (run, list, slurm) call this with their {@code --set} values (null = none).
     */
    public static GridSpec load(Path file, List<String> sets) {
        if (!Files.exists(file)) {
            throw new ConfigException(file + ": no such grid file");
        }
        ConfigLoader.Located<GridSpec> grid = ConfigLoader.loadLocated(file, GridSpec.class, mapper(true), sets);
        checkLosses(grid);
        TuneChecks.check(grid);
        return grid.value();
    }

    public static GridSpec parse(String text, boolean yaml, String source) {
        return parse(text, yaml, source, List.of());
    }

    public static GridSpec parse(String text, boolean yaml, String source, List<String> sets) {
        ConfigLoader.Located<GridSpec> grid =
                ConfigLoader.parseLocated(text, yaml, source, GridSpec.class, mapper(true), sets);
        checkLosses(grid);
        TuneChecks.check(grid);
        return grid.value();
    }

    /**
     * Where a key of the grid was given ({@code grid.yaml:12}, or the {@code --set} that gave it),
     * for a check that can only be made once the data is open and knows its key but not its line.
     */
    public static String originOf(Path file, List<String> sets, String key) {
        ConfigLoader.Located<GridSpec> grid = ConfigLoader.loadLocated(file, GridSpec.class, mapper(true), sets);
        return ConfigLoader.originOf(grid.tree(), key);
    }

    /**
     * Loss specs are checked here, where the line of each method's loss is known: parsed, and
     * the loss built once, so that a value its provider refuses ({@code lambda=-4}) is named
     * before any run folder exists rather than when its run starts.
     */
    private static void checkLosses(ConfigLoader.Located<GridSpec> grid) {
        checkProviders(grid.tree().source());
        List<MethodSpec> methods = grid.value().methods();
        for (int i = 0; i < methods.size(); i++) {
            MethodSpec m = methods.get(i);
            try {
                LossRegistry.build(LossRegistry.parse(m.loss()));
            } catch (IllegalArgumentException e) {
                String key = "methods[" + i + "].loss";
                throw new ConfigException(
                        ConfigLoader.originOf(grid.tree(), key) + ": key '" + key + "' (method '" + m.id() + "'): "
                                + e.getMessage(),
                        e);
            }
        }
    }

    /**
     * The loss providers on the class path load (no services entry naming a missing class, no two
     * providers of one name): a jar the user added, not a bug of this suite.
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
