package org.rambo.baselines;

import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Builds every loss, RaMBO's included, from the spec strings grids use:
 * {@code name[:key=value[,key=value...]]}, e.g. {@code triplet:margin=0.1,mining=semihard}.
 * The names are those of the {@link LossProvider}s on the classpath (found once with
 * {@link ServiceLoader}): the built-in losses and any a jar adds. An unknown name is an error
 * listing every provider found; for a {@link KeyedLossProvider} unknown keys and values of the
 * wrong type are errors that list the valid ones and {@code parse(s).toString()} is the
 * canonical spec (all keys, defaults filled in). Other providers get their options as written.
 */
public final class LossRegistry {

    private static Map<String, LossProvider> providers;

    private LossRegistry() {}

    /** Every provider on the classpath, sorted by name. */
    public static List<LossProvider> providers() {
        return List.copyOf(byName().values());
    }

    /** The providers with declared keys (the built-in losses among them), sorted by name. */
    public static List<KeyedLossProvider> definitions() {
        List<KeyedLossProvider> out = new ArrayList<>();
        for (LossProvider p : byName().values()) {
            if (p instanceof KeyedLossProvider k) {
                out.add(k);
            }
        }
        return out;
    }

    private static synchronized Map<String, LossProvider> byName() {
        if (providers == null) {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            ClassLoader loader = context != null ? context : LossRegistry.class.getClassLoader();
            Map<String, LossProvider> found = new TreeMap<>();
            try {
                for (LossProvider p : ServiceLoader.load(LossProvider.class, loader)) {
                    String name = p.name();
                    if (name == null || name.isBlank() || !name.strip().equals(name) || name.matches(".*[:,=\\s].*")) {
                        throw new IllegalStateException(
                                "loss provider " + p.getClass().getName() + " has the name '" + name
                                        + "': a name must be non-blank, without ':', ',', '=' or blanks");
                    }
                    LossProvider before = found.put(name, p);
                    if (before != null) {
                        throw new IllegalStateException("two loss providers are named '" + name + "': "
                                + before.getClass().getName() + " and "
                                + p.getClass().getName());
                    }
                }
            } catch (ServiceConfigurationError e) {
                throw new IllegalStateException(
                        "a loss provider on the classpath cannot be loaded: " + e.getMessage(), e);
            }
            providers = Collections.unmodifiableMap(found);
        }
        return providers;
    }

    private static LossProvider provider(String name, String spec) {
        LossProvider p = byName().get(name);
        if (p == null) {
            throw new IllegalArgumentException(
                    "unknown loss '" + name + "' in spec '" + spec + "'; valid losses: " + byName().keySet());
        }
        return p;
    }

    /** Parses a spec; for a keyed provider also checks it and fills in the defaults. */
    public static LossSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty loss spec; valid losses: " + byName().keySet());
        }
        String s = spec.strip();
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        LossProvider provider = provider(name, spec);
        Map<String, String> given = new LinkedHashMap<>();
        if (colon >= 0 && colon < s.length() - 1) {
            for (String part : s.substring(colon + 1).split(",", -1)) {
                int eq = part.indexOf('=');
                if (eq <= 0 || part.substring(0, eq).isBlank()) {
                    throw new IllegalArgumentException("loss spec '" + spec + "': '" + part + "' is not key=value");
                }
                String key = part.substring(0, eq).strip();
                String value = part.substring(eq + 1).strip();
                if (given.put(key, value) != null) {
                    throw new IllegalArgumentException("loss spec '" + spec + "': key '" + key + "' given twice");
                }
            }
        }
        return provider instanceof KeyedLossProvider k ? k.spec(given) : new LossSpec(name, given);
    }

    /** Builds the DJL loss a spec describes. */
    public static Loss build(String spec) {
        return build(parse(spec));
    }

    public static Loss build(LossSpec spec) {
        return provider(spec.name(), spec.toString()).create(spec.params());
    }

    /** A Markdown table of every keyed loss, key, default and the default's source (for the README). */
    public static String markdownTable() {
        List<String> rows = new ArrayList<>();
        rows.add("| loss | key | default | values | default from |");
        rows.add("|---|---|---|---|---|");
        for (KeyedLossProvider d : definitions()) {
            for (LossKey k : d.keys()) {
                String values = switch (k.type()) {
                    case CHOICE -> String.join(" / ", k.choices());
                    case BOOLEAN -> "true / false";
                    case INTEGER -> "integer";
                    case NUMBER -> "number";
                };
                rows.add("| `" + d.name() + "` | `" + k.name() + "` | " + k.defaultValue() + " | " + values + " | "
                        + k.source() + " |");
            }
        }
        return String.join("\n", rows);
    }
}
