package org.rambo.detection;

import java.nio.file.Path;

/** Another process holds the run folder's lock: it is training this run, so this process leaves it. */
public final class RunLockedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Path folder;

    public RunLockedException(Path folder) {
        super(folder + ": another process is training this run");
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }
}
