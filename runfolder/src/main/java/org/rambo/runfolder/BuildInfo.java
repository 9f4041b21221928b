package org.rambo.runfolder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The code version baked into the jar at build time (git commit, dirty flag, build time,
 * project version), so a run records the code it ran wherever it is started. A build outside a
 * git checkout (a source archive) records {@code unknown}.
 */
public record BuildInfo(String gitCommit, Boolean gitDirty, String buildTime, String version) {

    private static final String RESOURCE = "git.properties";

    private static final BuildInfo CURRENT = load();

    /** The build this code belongs to. */
    public static BuildInfo current() {
        return CURRENT;
    }

    private static BuildInfo load() {
        return fromResource(RESOURCE);
    }

    /** The build a git.properties resource beside this class describes; unknown where there is none. */
    static BuildInfo fromResource(String resource) {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the build's " + resource, e);
        }
        return fromProperties(p);
    }

    static BuildInfo fromProperties(Properties p) {
        String commit = p.getProperty("git.commit.id.full", "").trim();
        String dirty = p.getProperty("git.dirty", "").trim();
        return new BuildInfo(
                commit.isEmpty() ? "unknown" : commit,
                dirty.isEmpty() ? null : Boolean.valueOf(dirty),
                blankToNull(p.getProperty("git.build.time")),
                blankToNull(p.getProperty("git.build.version")));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
