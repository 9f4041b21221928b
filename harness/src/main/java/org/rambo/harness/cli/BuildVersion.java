package org.rambo.harness.cli;

import org.rambo.runfolder.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** {@code rambo-bench -V}: the version and commit baked into the jar at build time. */
public final class BuildVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {line(BuildInfo.current())};
    }

    /** "rambo-bench 0.1.0 (commit 1a2b3c4, uncommitted changes)"; parts the build did not record are left out. */
    static String line(BuildInfo build) {
        String version = build.version() == null ? "(version unknown)" : build.version();
        String commit = build.gitCommit() == null || build.gitCommit().equals("unknown")
                ? "commit unknown"
                : "commit "
                        + build.gitCommit()
                                .substring(0, Math.min(7, build.gitCommit().length()));
        String dirty = Boolean.TRUE.equals(build.gitDirty()) ? ", uncommitted changes" : "";
        return "rambo-bench " + version + " (" + commit + dirty + ")";
    }
}
