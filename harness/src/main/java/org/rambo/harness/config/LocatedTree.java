package org.rambo.harness.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A config file as a tree, with where each key came from ({@code grid.yaml:12}, or the
 * {@code --set} option that replaced it), so every later error can point at the offending key's
 * own line. Keys are paths like {@code protocol.image.crop} and {@code methods[2].loss}.
 * Building it rejects a key given twice in one block, naming both lines.
 */
final class LocatedTree {

    private final String source;
    private final JsonNode root;
    private final Map<String, String> origins;

    private LocatedTree(String source, JsonNode root, Map<String, String> origins) {
        this.source = source;
        this.root = root;
        this.origins = origins;
    }

    /** The file the tree was read from. */
    String source() {
        return source;
    }

    JsonNode root() {
        return root;
    }

    /**
     * Where a key was given ("file:line" or "--set k=v"); for a key the config lacks, where its
     * block was given, else the file.
     */
    String originOf(String key) {
        for (String k = key; !k.isEmpty(); ) {
            String origin = origins.get(k);
            if (origin != null) {
                return origin;
            }
            k = k.substring(0, Math.max(0, Math.max(k.lastIndexOf('.'), k.lastIndexOf('['))));
        }
        return source;
    }

    /** Records that a key's value now comes from elsewhere (an override). */
    void setOrigin(String path, String origin) {
        origins.keySet().removeIf(k -> k.equals(path) || k.startsWith(path + ".") || k.startsWith(path + "["));
        origins.put(path, origin);
    }

    /**
     * Moves a top-level key to a dotted path ({@code imageSize} to {@code protocol.image_size}),
     * creating the blocks on the way; the key keeps the line it was given on. A block on the way
     * that is not a mapping is left alone (the loader then names the key as it finds it).
     */
    void move(String key, String path) {
        if (!(root instanceof ObjectNode top) || !top.has(key)) {
            return;
        }
        String given = origins.get(key);
        Map<String, String> moved = new HashMap<>();
        origins.entrySet().removeIf(e -> {
            String k = e.getKey();
            if (k.equals(key) || k.startsWith(key + ".") || k.startsWith(key + "[")) {
                moved.put(path + k.substring(key.length()), e.getValue());
                return true;
            }
            return false;
        });
        JsonNode value = top.remove(key);
        String[] parts = path.split("\\.");
        ObjectNode block = top;
        String at = "";
        for (int i = 0; i < parts.length - 1; i++) {
            at = at.isEmpty() ? parts[i] : at + "." + parts[i];
            JsonNode child = block.get(parts[i]);
            if (child == null || child.isNull()) {
                child = block.putObject(parts[i]);
                origins.put(at, given);
            }
            if (!(child instanceof ObjectNode next)) {
                throw new ConfigException(origins.getOrDefault(at, source) + ": key '" + at
                        + "' must be a block of keys (it holds " + key + " as " + path + ")");
            }
            block = next;
        }
        block.set(parts[parts.length - 1], value);
        origins.putAll(moved);
    }

    /** Reads the whole document; null when it holds no value at all (an empty file). */
    static LocatedTree read(JsonParser parser, String source) throws IOException {
        Map<String, String> origins = new HashMap<>();
        JsonToken first = parser.nextToken();
        if (first == null) {
            return null;
        }
        JsonNode root = value(parser, source, "", origins);
        return new LocatedTree(source, root, origins);
    }

    private static JsonNode value(JsonParser p, String source, String path, Map<String, String> origins)
            throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String key = path.isEmpty() ? name : path + "." + name;
                    String here = source + ":" + p.currentTokenLocation().getLineNr();
                    if (o.has(name)) {
                        throw new ConfigException(
                                here + ": key '" + key + "' is given twice (first at " + origins.get(key) + ")");
                    }
                    origins.put(key, here);
                    p.nextToken();
                    o.set(name, value(p, source, key, origins));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = f.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    String key = path + "[" + i++ + "]";
                    origins.put(key, source + ":" + p.currentTokenLocation().getLineNr());
                    a.add(value(p, source, key, origins));
                }
                return a;
            }
            case VALUE_STRING -> {
                return f.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return f.numberNode(p.getBigIntegerValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                // YAML's .nan and .inf have no decimal form: kept as doubles, for the loader to refuse by key
                String text = p.getText();
                if (text.matches("[-+]?\\.(nan|NaN|NAN|inf|Inf|INF)")) {
                    return f.numberNode(
                            text.toLowerCase(Locale.ROOT).contains("nan")
                                    ? Double.NaN
                                    : text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
                }
                return f.numberNode(p.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return f.booleanNode(p.getBooleanValue());
            }
            case VALUE_NULL -> {
                return f.nullNode();
            }
            default ->
                throw new ConfigException(
                        source + ":" + p.currentTokenLocation().getLineNr() + ": unexpected " + p.currentToken()
                                + " at key '" + path + "'");
        }
    }
}
