package org.rambo.harness.config;

/**
 * A config that cannot be used; the message names the file, line and key where known. A check
 * inside a config record knows only its key; the loader adds the file and line.
 */
public class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String problem;

    public ConfigException(String message) {
        this(message, (Throwable) null);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
        this.key = null;
        this.problem = message;
    }

    private ConfigException(String key, String problem) {
        super("key '" + key + "' " + problem);
        this.key = key;
        this.problem = problem;
    }

    /** A bad value of one key, e.g. {@code forKey("protocol.epochs", "must be > 0")}. */
    public static ConfigException forKey(String key, String problem) {
        return new ConfigException(key, problem);
    }

    /** The key at fault, as the record check names it, or null. */
    public String key() {
        return key;
    }

    /** What is wrong with the key's value ("must be > 0"). */
    public String problem() {
        return problem;
    }
}
