package org.rambo.harness.config;

/** Validation helper: a failed check names the config key. */
final class Checks {

    private Checks() {}

    static void require(boolean ok, String key, String what) {
        if (!ok) {
            throw ConfigException.forKey(key, what);
        }
    }
}
