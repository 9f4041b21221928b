package org.rambo.baselines;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed loss spec: the loss name and every key with its value, defaults filled in, in the
 * definition's fixed key order. {@link #toString()} prints the canonical spec, which parses
 * back to an equal spec, so the printed form fully determines the loss.
 */
public record LossSpec(String name, Map<String, String> params) {

    public LossSpec {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public String get(String key) {
        String v = params.get(key);
        if (v == null) {
            throw new IllegalArgumentException("loss '" + name + "' has no key '" + key + "'");
        }
        return v;
    }

    public float getFloat(String key) {
        return Float.parseFloat(get(key));
    }

    public int getInt(String key) {
        return Integer.parseInt(get(key));
    }

    public long getLong(String key) {
        return Long.parseLong(get(key));
    }

    public boolean getBoolean(String key) {
        return Boolean.parseBoolean(get(key));
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
