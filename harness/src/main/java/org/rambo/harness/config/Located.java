package org.rambo.harness.config;

/**
 * A config as read: its record and where each of its keys was given, so a check made after
 * reading (a loss its provider refuses, P x K batches the data cannot fill) names the key's line
 * or the {@code --set} that gave it.
 */
public final class Located<T> {

    private final T value;
    private final LocatedTree tree;

    Located(T value, LocatedTree tree) {
        this.value = value;
        this.tree = tree;
    }

    public T value() {
        return value;
    }

    /** Where a key was given ({@code grid.yaml:12}, {@code --set protocol.epochs=x}), else its block's, else the file. */
    public String originOf(String key) {
        return tree.originOf(key);
    }

    /** A check's error with the line of its key added; an error that names no key as it is. */
    public ConfigException locate(ConfigException e) {
        if (e.key() == null) {
            return e;
        }
        return new ConfigException(originOf(e.key()) + ": " + e.getMessage(), e);
    }

    /** The error of one key's value: {@code grid.yaml:12: key 'protocol.epochs' must be > 0}. */
    ConfigException fail(String key, String problem) {
        return new ConfigException(originOf(key) + ": key '" + key + "' " + problem);
    }
}
