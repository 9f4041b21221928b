package org.rambo.harness.config;

/** A config that cannot be used; the message names the file, line and key where known. */
public class ConfigException extends IllegalArgumentException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
