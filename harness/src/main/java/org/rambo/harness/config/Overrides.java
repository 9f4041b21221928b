package org.rambo.harness.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --set KEY=VALUE}: replaces one key of a loaded config before it is validated, so the
 * value is typed and checked exactly like the file's. KEY is the dotted path of the YAML
 * ({@code protocol.epochs}, {@code dataset.max_train}); an element of a list of blocks that
 * have an {@code id} is addressed by its id ({@code methods.rambo-ap.loss}). VALUE is read as
 * YAML: {@code 1} is a number, {@code [1, 2]} a list, an empty value null (the key's default).
 */
final class Overrides {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Overrides() {}

    /**
     * Applies each {@code KEY=VALUE} in order to a tree of the record type {@code root}. A key
     * set twice is an error: which of two values was meant is not for the loader to guess.
     */
    static void apply(LocatedTree tree, Class<?> root, KeySchema schema, List<String> sets) {
        Map<String, String> given = new HashMap<>();
        for (String set : sets) {
            String key = applyOne(tree, root, schema, set);
            String before = given.put(key, set);
            if (before != null) {
                throw new ConfigException(
                        "--set " + set + ": key '" + key + "' is also set by --set " + before + "; give each key once");
            }
        }
    }

    /** Applies one {@code KEY=VALUE}; returns the key as the config's path names it ({@code methods[0].loss}). */
    private static String applyOne(LocatedTree tree, Class<?> rootType, KeySchema schema, String set) {
        String origin = "--set " + set;
        int eq = set.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException(origin + ": expected KEY=VALUE, e.g. protocol.epochs=1");
        }
        String key = set.substring(0, eq).strip();
        JsonNode value = parseValue(origin, set.substring(eq + 1));
        if (!(tree.root() instanceof ObjectNode root)) {
            throw new ConfigException(origin + ": the config is not a mapping of keys");
        }
        ObjectNode node = root;
        Type type = rootType;
        String path = "";
        String rest = key;
        while (true) {
            Class<?> record = KeySchema.recordOf(type);
            int dot = rest.indexOf('.');
            String name = dot < 0 ? rest : rest.substring(0, dot);
            String shown = path.isEmpty() ? name : path + "." + name;
            if (record == null || !schema.keys(record).containsKey(name)) {
                throw new ConfigException(origin + ": unknown key '" + shown + "'; valid keys here: "
                        + (record == null ? "none" : schema.validKeys(record)));
            }
            Type childType = schema.keys(record).get(name);
            if (dot < 0) {
                node.set(name, value);
                tree.setOrigin(shown, origin);
                return shown;
            }
            rest = rest.substring(dot + 1);
            Class<?> element = KeySchema.recordOf(KeySchema.elementOf(childType));
            if (element != null && schema.keys(element).containsKey("id")) {
                int index = indexOfId(origin, shown, node.get(name), rest);
                String id = node.get(name).get(index).get("id").asText();
                rest = rest.equals(id) ? "" : rest.substring(id.length() + 1);
                path = shown + "[" + index + "]";
                if (rest.isEmpty()) {
                    throw new ConfigException(origin + ": name a key of '" + id + "', e.g. " + shown + "." + id
                            + "."
                            + schema.keys(element).keySet().stream()
                                    .filter(k -> !k.equals("id"))
                                    .findFirst()
                                    .orElse("id")
                            + "; valid keys here: " + schema.validKeys(element));
                }
                node = (ObjectNode) node.get(name).get(index);
                type = element;
                continue;
            }
            if (KeySchema.recordOf(childType) == null) {
                throw new ConfigException(origin + ": key '" + shown + "' has no keys under it; set the whole value,"
                        + " e.g. " + shown + "=[1, 2]");
            }
            JsonNode child = node.get(name);
            if (!(child instanceof ObjectNode)) {
                child = node.putObject(name);
                tree.setOrigin(shown, origin);
            }
            node = (ObjectNode) child;
            type = childType;
            path = shown;
        }
    }

    /** The index of the element whose id starts the rest of the key (ids may contain dots). */
    private static int indexOfId(String origin, String listKey, JsonNode elements, String rest) {
        List<String> ids = new ArrayList<>();
        if (elements instanceof ArrayNode list) {
            int best = -1;
            int bestLength = -1;
            for (int i = 0; i < list.size(); i++) {
                String id = list.get(i).path("id").asText();
                ids.add(id);
                if ((rest.equals(id) || rest.startsWith(id + "."))
                        && id.length() > bestLength
                        && list.get(i) instanceof ObjectNode) {
                    best = i;
                    bestLength = id.length();
                }
            }
            if (best >= 0) {
                return best;
            }
        }
        throw new ConfigException(origin + ": '" + rest + "' does not start with the id of an entry of '" + listKey
                + "'; ids: " + String.join(", ", ids));
    }

    private static JsonNode parseValue(String origin, String text) {
        if (text.isBlank()) {
            return NullNode.getInstance();
        }
        String t = text.strip();
        if (t.matches("[-+]?\\.(nan|NaN|NAN|inf|Inf|INF)")) {
            // YAML 1.1's special floats, which the parser reads as malformed numbers on their own: a
            // number, so that the loader refuses it as a number that is not finite
            double v = t.toLowerCase(Locale.ROOT).contains("nan")
                    ? Double.NaN
                    : t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            return DoubleNode.valueOf(v);
        }
        try {
            JsonNode v = YAML.readTree(text);
            return v == null || v.isMissingNode() ? NullNode.getInstance() : v;
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    origin + ": the value is not valid YAML: "
                            + e.getOriginalMessage().split("\n")[0],
                    e);
        }
    }
}
