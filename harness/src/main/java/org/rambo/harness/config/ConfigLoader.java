package org.rambo.harness.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a config file (YAML, or JSON when the name ends in .json) into a config record, with
 * {@code --set KEY=VALUE} overrides applied before validation. Every error is one line that
 * starts with where the offending key was given ({@code grid.yaml:12}, or
 * {@code --set protocol.epochs=x}): unknown keys first (with the valid keys of their block),
 * then keys given twice, wrong types and invalid values.
 */
public final class ConfigLoader {

    private ConfigLoader() {}

    /** A loaded config and where each of its keys came from. */
    record Located<T>(T value, LocatedTree tree) {}

    /**
     * Any config record: {@code mapper} decides key naming and strictness (the record's keys
     * are those it reads). The detection command calls this with its config record and mapper.
     */
    public static <T> T load(Path file, Class<T> type, ObjectMapper mapper, List<String> sets) {
        return loadLocated(file, type, mapper, sets).value();
    }

    static <T> Located<T> loadLocated(Path file, Class<T> type, ObjectMapper mapper, List<String> sets) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such config file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parseLocated(text, !file.toString().endsWith(".json"), file.toString(), type, mapper, sets);
    }

    static <T> Located<T> parseLocated(
            String text, boolean yaml, String source, Class<T> type, ObjectMapper mapper, List<String> sets) {
        KeySchema schema = KeySchema.of(mapper);
        LocatedTree tree = read(text, yaml, source, type, schema);
        Overrides.apply(tree, type, schema, sets == null ? List.of() : sets);
        checkKeys(tree, schema, tree.root(), type, "");
        return new Located<>(bind(tree, type, mapper), tree);
    }

    private static LocatedTree read(String text, boolean yaml, String source, Class<?> type, KeySchema schema) {
        JsonFactory factory = yaml ? new YAMLFactory() : new JsonFactory();
        LocatedTree tree;
        try (JsonParser p = factory.createParser(text)) {
            tree = LocatedTree.read(p, source);
            if (tree != null && p.nextToken() != null) {
                throw new ConfigException(source + ":"
                        + p.currentTokenLocation().getLineNr() + ": more than one document; a config file holds one");
            }
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    source + lineOf(e) + ": malformed " + (yaml ? "YAML" : "JSON") + ": "
                            + e.getOriginalMessage().split("\n")[0],
                    e);
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot read: " + e.getMessage(), e);
        }
        if (tree == null || tree.root().isNull()) {
            throw new ConfigException(source + ": empty config file");
        }
        if (!tree.root().isObject()) {
            throw new ConfigException(source + ":1: the config is a mapping of keys: " + schema.validKeys(type));
        }
        return tree;
    }

    /** Every key of every block must be one the records know; checked before values, so a typo is named first. */
    private static void checkKeys(LocatedTree tree, KeySchema schema, JsonNode node, Type type, String path) {
        if (isNonFinite(node, type)) {
            // YAML's .nan and .inf (or NaN, Infinity as text) are numbers to the parser but no
            // setting of a count, rate or size: refused as what they are, not by a range check
            throw new ConfigException(originOf(tree, path) + ": key '" + path + "' is "
                    + (node.isTextual() ? node.asText() : node.doubleValue())
                    + "; a number in a config must be finite");
        }
        Class<?> record = KeySchema.recordOf(type);
        Type element = KeySchema.elementOf(type);
        if (record != null && node.isObject()) {
            Map<String, Type> keys = schema.keys(record);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (!keys.containsKey(e.getKey())) {
                    throw new ConfigException(originOf(tree, key) + ": unknown key '" + key + "'; valid keys here: "
                            + schema.validKeys(record));
                }
                checkKeys(tree, schema, e.getValue(), keys.get(e.getKey()), key);
            }
        } else if (element != null && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkKeys(tree, schema, node.get(i), element, path + "[" + i + "]");
            }
        }
    }

    private static boolean isNonFinite(JsonNode node, Type type) {
        if (node.isNumber()) {
            return !Double.isFinite(node.doubleValue());
        }
        boolean floating = type == Double.class || type == double.class || type == Float.class || type == float.class;
        return floating && node.isTextual() && node.asText().strip().matches("(?i)[+-]?\\.?(nan|inf|infinity)");
    }

    private static <T> T bind(LocatedTree tree, Class<T> type, ObjectMapper mapper) {
        try {
            return mapper.treeToValue(tree.root(), type);
        } catch (JsonMappingException e) {
            String at = pathOf(e);
            ConfigException check = find(e, ConfigException.class);
            if (check != null && check.key() != null) {
                // the check names its key; the exception's path is the block whose record refused it
                String name =
                        check.key().substring(check.key().lastIndexOf('.') + 1).replaceFirst("\\[.*$", "");
                String key = at.isEmpty() ? name : at + "." + name;
                throw new ConfigException(originOf(tree, key) + ": key '" + key + "' " + check.problem(), check);
            }
            IllegalArgumentException refused = find(e, IllegalArgumentException.class);
            if (refused != null) {
                throw new ConfigException(
                        originOf(tree, keyNamedIn(tree, at, refused.getMessage())) + ": " + refused.getMessage(),
                        refused);
            }
            throw new ConfigException(
                    originOf(tree, at) + ": key '" + at + "': "
                            + e.getOriginalMessage().split("\n")[0],
                    e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(originOf(tree, "") + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A record's own check that names a key in words ("imageSize must be ...") is located at
     * the first key of the block its message names; else at the block.
     */
    private static String keyNamedIn(LocatedTree tree, String block, String message) {
        JsonNode node = tree.root();
        for (String part : block.isEmpty() ? new String[0] : block.split("\\.|(?=\\[)")) {
            node = part.startsWith("[")
                    ? node.path(Integer.parseInt(part.substring(1, part.length() - 1)))
                    : node.path(part);
        }
        String named = null;
        int first = Integer.MAX_VALUE;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            Matcher m = Pattern.compile("\\b" + Pattern.quote(key) + "\\b").matcher(message == null ? "" : message);
            if (m.find() && m.start() < first) {
                first = m.start();
                named = key;
            }
        }
        return named == null ? block : block.isEmpty() ? named : block + "." + named;
    }

    /** Where a key was given; for a key the config lacks, where its block was given, else the file. */
    static String originOf(LocatedTree tree, String key) {
        for (String k = key; !k.isEmpty(); ) {
            String origin = tree.origin(k);
            if (origin != null) {
                return origin;
            }
            k = k.substring(0, Math.max(0, Math.max(k.lastIndexOf('.'), k.lastIndexOf('['))));
        }
        return tree.source();
    }

    private static <E extends Throwable> E find(Throwable t, Class<E> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String lineOf(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 0
                ? ""
                : ":" + e.getLocation().getLineNr();
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
