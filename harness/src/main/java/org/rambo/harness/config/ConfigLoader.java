package org.rambo.harness.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a config file (YAML, or JSON when the name ends in .json) into a config record, with
 * {@code --set KEY=VALUE} overrides applied before validation. Every error is one line that
 * starts with where the offending key was given ({@code grid.yaml:12}, or
 * {@code --set protocol.epochs=x}): unknown keys first (with the valid keys of their block),
 * then keys given twice, wrong types and invalid values.
 */
final class ConfigLoader {

    private ConfigLoader() {}

    /** The mapper configs bind with: snake_case keys, unknown keys and wrong types are errors. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final KeySchema SCHEMA = KeySchema.of(MAPPER);

    /** A config file read into a record of {@code type}, {@code --set} overrides applied. */
    static <T> Located<T> read(Path file, Class<T> type, List<String> sets) {
        return read(file, type, sets, tree -> {});
    }

    /**
     * As {@link #read(Path, Class, List)}, with {@code migrate} given the tree as the file holds
     * it, before the overrides: an older layout of the keys is rewritten there.
     */
    static <T> Located<T> read(Path file, Class<T> type, List<String> sets, Consumer<LocatedTree> migrate) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such config file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, !file.toString().endsWith(".json"), file.toString(), type, sets, migrate);
    }

    static <T> Located<T> parse(
            String text, boolean yaml, String source, Class<T> type, List<String> sets, Consumer<LocatedTree> migrate) {
        LocatedTree tree = read(text, yaml, source, type);
        migrate.accept(tree);
        Overrides.apply(tree, type, SCHEMA, sets == null ? List.of() : sets);
        checkKeys(tree, tree.root(), type, "");
        return new Located<>(bind(tree, type), tree);
    }

    private static LocatedTree read(String text, boolean yaml, String source, Class<?> type) {
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
            throw new ConfigException(source + ":1: the config is a mapping of keys: " + SCHEMA.validKeys(type));
        }
        return tree;
    }

    /** Every key of every block must be one the records know; checked before values, so a typo is named first. */
    private static void checkKeys(LocatedTree tree, JsonNode node, Type type, String path) {
        if (isNonFinite(node, type)) {
            // YAML's .nan and .inf (or NaN, Infinity as text) are numbers to the parser but no
            // setting of a count, rate or size: refused as what they are, not by a range check
            throw new ConfigException(tree.originOf(path) + ": key '" + path + "' is "
                    + (node.isTextual() ? node.asText() : node.doubleValue())
                    + "; a number in a config must be finite");
        }
        Class<?> record = KeySchema.recordOf(type);
        Type element = KeySchema.elementOf(type);
        if (record != null && node.isObject()) {
            Map<String, Type> keys = SCHEMA.keys(record);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (!keys.containsKey(e.getKey())) {
                    throw new ConfigException(tree.originOf(key) + ": unknown key '" + key + "'; valid keys here: "
                            + SCHEMA.validKeys(record));
                }
                checkKeys(tree, e.getValue(), keys.get(e.getKey()), key);
            }
        } else if (element != null && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkKeys(tree, node.get(i), element, path + "[" + i + "]");
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

    private static <T> T bind(LocatedTree tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree.root(), type);
        } catch (JsonMappingException e) {
            String at = pathOf(e);
            ConfigException check = find(e, ConfigException.class);
            if (check != null && check.key() != null) {
                // the check names its key; the exception's path is the block whose record refused it
                String name =
                        check.key().substring(check.key().lastIndexOf('.') + 1).replaceFirst("\\[.*$", "");
                String key = at.isEmpty() ? name : at + "." + name;
                throw new ConfigException(tree.originOf(key) + ": key '" + key + "' " + check.problem(), check);
            }
            IllegalArgumentException refused = find(e, IllegalArgumentException.class);
            if (refused != null) {
                throw new ConfigException(
                        tree.originOf(keyNamedIn(tree, at, refused.getMessage())) + ": " + refused.getMessage(),
                        refused);
            }
            throw new ConfigException(
                    tree.originOf(at) + ": key '" + at + "': "
                            + e.getOriginalMessage().split("\n")[0],
                    e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(tree.originOf("") + ": " + e.getOriginalMessage(), e);
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
