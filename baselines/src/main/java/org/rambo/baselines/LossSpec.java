package org.rambo.baselines;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A parsed loss spec: the loss name and its {@code key=value} options in order. For a
 * {@link KeyedLossProvider} the registry's spec holds every key, defaults filled in, canonical
 * values; {@link #toString()} prints {@code name[:key=value,...]}, which parses back to an equal
 * spec. The typed getters name the loss and key in their errors, so a provider from another jar
 * can read its options with them: {@code new LossSpec(name(), options).getFloat("alpha", 0.3f)}.
 */
public record LossSpec(String name, Map<String, String> params) {

    public LossSpec {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public String get(String key) {
        String v = params.get(key);
        if (v == null) {
            throw new IllegalArgumentException("loss '" + name + "' has no key '" + key + "'");
        }
        return v;
    }

    public float getFloat(String key) {
        float f = parsed(key, "a number", Float::parseFloat);
        if (!Float.isFinite(f)) {
            throw bad(key, "a number", get(key));
        }
        return f;
    }

    public float getFloat(String key, float dflt) {
        return params.containsKey(key) ? getFloat(key) : dflt;
    }

    public int getInt(String key) {
        return parsed(key, "an integer", Integer::parseInt);
    }

    public int getInt(String key, int dflt) {
        return params.containsKey(key) ? getInt(key) : dflt;
    }

    public long getLong(String key) {
        return parsed(key, "an integer", Long::parseLong);
    }

    public long getLong(String key, long dflt) {
        return params.containsKey(key) ? getLong(key) : dflt;
    }

    public boolean getBoolean(String key) {
        String v = get(key);
        if (!v.equals("true") && !v.equals("false")) {
            throw bad(key, "true or false", v);
        }
        return v.equals("true");
    }

    public boolean getBoolean(String key, boolean dflt) {
        return params.containsKey(key) ? getBoolean(key) : dflt;
    }

    /** This spec if it uses no key outside {@code valid}; else an error listing the valid keys. */
    public LossSpec onlyKeys(String... valid) {
        List<String> allowed = Arrays.asList(valid);
        for (String key : params.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(
                        "loss '" + name + "': unknown key '" + key + "'; valid keys: " + String.join(", ", allowed));
            }
        }
        return this;
    }

    private <T> T parsed(String key, String expected, Function<String, T> parse) {
        String v = get(key);
        try {
            return parse.apply(v);
        } catch (NumberFormatException e) {
            throw bad(key, expected, v);
        }
    }

    private IllegalArgumentException bad(String key, String expected, String value) {
        return badValue(name, key, expected, value);
    }

    static IllegalArgumentException badValue(String loss, String key, String expected, String value) {
        return new IllegalArgumentException(
                "loss '" + loss + "': key '" + key + "' expects " + expected + ", got '" + value + "'");
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(name);
        String sep = ":";
        for (Map.Entry<String, String> e : params.entrySet()) {
            b.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ",";
        }
        return b.toString();
    }
}
