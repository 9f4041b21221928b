package org.rambo.baselines;

import ai.djl.training.loss.Loss;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link LossProvider} with declared keys: unknown keys and values of the wrong type are
 * errors that list the valid ones, defaults are filled in, and {@link #spec} gives the
 * canonical spec (every key in declared order, numbers normalised), which parses back to an equal
 * spec, so the printed form fully determines the loss. Subclasses declare the keys and write
 * {@link #build}.
 */
public abstract class KeyedLossProvider implements LossProvider {

    private final String name;
    private final List<LossKey> keys;

    protected KeyedLossProvider(String name, List<LossKey> keys) {
        this.name = name;
        this.keys = List.copyOf(keys);
    }

    @Override
    public final String name() {
        return name;
    }

    public final List<LossKey> keys() {
        return keys;
    }

    /** The checked, canonical spec of the given options, defaults filled in. */
    public final LossSpec spec(Map<String, String> options) {
        new LossSpec(name, options).onlyKeys(keys.stream().map(LossKey::name).toArray(String[]::new));
        Map<String, String> params = new LinkedHashMap<>();
        for (LossKey k : keys) {
            params.put(k.name(), k.canonical(name, options.getOrDefault(k.name(), k.defaultValue())));
        }
        return new LossSpec(name, params);
    }

    @Override
    public final Loss create(Map<String, String> options) {
        return build(spec(options));
    }

    /** Builds the loss from a canonical spec (every key present and well-typed). */
    protected abstract Loss build(LossSpec spec);
}
