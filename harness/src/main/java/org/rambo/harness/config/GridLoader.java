package org.rambo.harness.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.rambo.baselines.LossRegistry;

/**
 * Reads grid files (YAML or JSON, snake_case keys) and applies {@code --set KEY=VALUE}
 * overrides. Every error is one line that starts with where the offending key was given
 * ({@code grid.yaml:12} or {@code --set protocol.epochs=x}): unknown keys first (with the valid
 * keys of their block), then keys given twice, wrong types and invalid values.
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
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such grid file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        boolean yaml = !file.toString().endsWith(".json");
        return parse(text, yaml, file.toString(), sets);
    }

    public static GridSpec parse(String text, boolean yaml, String source) {
        return parse(text, yaml, source, List.of());
    }

    public static GridSpec parse(String text, boolean yaml, String source, List<String> sets) {
        LocatedTree tree = read(text, yaml, source);
        Overrides.apply(tree, sets == null ? List.of() : sets);
        checkKeys(tree, tree.root(), GridSpec.class, "");
        GridSpec spec = bind(tree);
        checkLosses(tree, spec);
        return spec;
    }

    private static LocatedTree read(String text, boolean yaml, String source) {
        JsonFactory factory = yaml ? new YAMLFactory() : new JsonFactory();
        LocatedTree tree;
        try (JsonParser p = factory.createParser(text)) {
            tree = LocatedTree.read(p, source);
            if (tree != null && p.nextToken() != null) {
                throw new ConfigException(source + ":" + p.currentTokenLocation().getLineNr()
                        + ": more than one document; a grid file holds one");
            }
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + lineOf(e) + ": malformed " + (yaml ? "YAML" : "JSON") + ": "
                    + e.getOriginalMessage().split("\n")[0], e);
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot read: " + e.getMessage(), e);
        }
        if (tree == null || tree.root().isNull()) {
            throw new ConfigException(source + ": empty grid file");
        }
        if (!tree.root().isObject()) {
            throw new ConfigException(source + ":1: a grid is a mapping of keys: "
                    + KeySchema.validKeys(GridSpec.class));
        }
        return tree;
    }

    /** Every key of every block must be one the records know; checked before values, so a typo is named first. */
    private static void checkKeys(LocatedTree tree, JsonNode node, Type type, String path) {
        Class<?> record = KeySchema.recordOf(type);
        Type element = KeySchema.elementOf(type);
        if (record != null && node.isObject()) {
            Map<String, Type> keys = KeySchema.keys(record);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (!keys.containsKey(e.getKey())) {
                    throw new ConfigException(originOf(tree, key) + ": unknown key '" + key + "'; valid keys here: "
                            + KeySchema.validKeys(record));
                }
                checkKeys(tree, e.getValue(), keys.get(e.getKey()), key);
            }
        } else if (element != null && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkKeys(tree, node.get(i), element, path + "[" + i + "]");
            }
        }
    }

    private static GridSpec bind(LocatedTree tree) {
        try {
            return mapper(true).treeToValue(tree.root(), GridSpec.class);
        } catch (JsonMappingException e) {
            String at = pathOf(e);
            ConfigException check = findConfigException(e);
            if (check != null && check.key() != null) {
                // the check names its key; the exception's path is the block whose record refused it
                String name = check.key().substring(check.key().lastIndexOf('.') + 1).replaceFirst("\\[.*$", "");
                String key = at.isEmpty() ? name : at + "." + name;
                throw new ConfigException(originOf(tree, key) + ": key '" + key + "' " + check.problem(), check);
            }
            if (check != null) {
                throw new ConfigException(originOf(tree, at) + ": " + check.getMessage(), check);
            }
            throw new ConfigException(originOf(tree, at) + ": key '" + at + "': "
                    + e.getOriginalMessage().split("\n")[0], e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(originOf(tree, "") + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Loss specs are checked here, where the line of each method's loss is known. */
    private static void checkLosses(LocatedTree tree, GridSpec spec) {
        for (int i = 0; i < spec.methods().size(); i++) {
            MethodSpec m = spec.methods().get(i);
            try {
                LossRegistry.parse(m.loss());
            } catch (IllegalArgumentException e) {
                String key = "methods[" + i + "].loss";
                throw new ConfigException(originOf(tree, key) + ": key '" + key + "' (method '" + m.id() + "'): "
                        + e.getMessage(), e);
            }
        }
    }

    /** Where a key was given; for a key the config lacks, where its block was given, else the file. */
    private static String originOf(LocatedTree tree, String key) {
        for (String k = key; !k.isEmpty(); ) {
            String origin = tree.origin(k);
            if (origin != null) {
                return origin;
            }
            k = k.substring(0, Math.max(0, Math.max(k.lastIndexOf('.'), k.lastIndexOf('['))));
        }
        return tree.source();
    }

    private static ConfigException findConfigException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConfigException ce) {
                return ce;
            }
        }
        return null;
    }

    private static String lineOf(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 0 ? "" : ":" + e.getLocation().getLineNr();
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }
}
