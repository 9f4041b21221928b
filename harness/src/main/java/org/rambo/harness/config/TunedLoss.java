package org.rambo.harness.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rambo.baselines.LossRegistry;
import org.rambo.baselines.LossSpec;

/** A loss spec with some of its keys set to tuned values, in the registry's canonical form. */
public final class TunedLoss {

    private TunedLoss() {}

    /**
     * {@code spec} with {@code keys} replaced; keys the loss does not have are an error naming
     * them (the registry checks the values' types).
     */
    public static String apply(LossSpec base, Map<String, String> keys) {
        Map<String, String> params = new LinkedHashMap<>(base.params());
        for (Map.Entry<String, String> e : keys.entrySet()) {
            if (!params.containsKey(e.getKey())) {
                throw new IllegalArgumentException("loss '" + base.name() + "' has no key '" + e.getKey()
                        + "'; its keys: " + String.join(", ", base.params().keySet()));
            }
            params.put(e.getKey(), e.getValue());
        }
        StringBuilder b = new StringBuilder(base.name());
        String sep = ":";
        for (Map.Entry<String, String> e : params.entrySet()) {
            b.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ",";
        }
        return LossRegistry.parse(b.toString()).toString();
    }

    /** How a tuned value is written into a spec: integers without a fraction, numbers as Java prints them. */
    public static String format(ParamSpec p, double value) {
        return p.dist().equals("integer") ? Long.toString(Math.round(value)) : Double.toString(value);
    }
}
