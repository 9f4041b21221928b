package org.rambo.baselines;

import ai.djl.training.loss.Loss;
import java.util.Map;

/**
 * A loss that {@link LossRegistry} can build from a spec string {@code name[:key=value,...]}.
 * Implementations are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/org.rambo.baselines.LossProvider} of its jar and put the jar on the
 * classpath; it needs a public no-argument constructor. The built-in losses are registered the
 * same way. {@link KeyedLossProvider} adds typed keys with defaults and canonical specs.
 */
public interface LossProvider {

    /** The name specs use; unique among the providers on the classpath, without ':', ',', '=' or blanks. */
    String name();

    /**
     * Builds the loss.
     *
     * @param options the spec's {@code key=value} pairs in spec order (empty for a bare name);
     *     a bad key or value is an {@link IllegalArgumentException} naming the key
     *     ({@link LossSpec}'s typed getters do this)
     */
    Loss create(Map<String, String> options);
}
