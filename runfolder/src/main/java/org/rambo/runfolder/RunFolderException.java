package org.rambo.runfolder;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A run folder's file is missing, damaged or not what the contract says. The message is one
 * line that names the file and what is wrong, meant for the user as it is.
 */
public final class RunFolderException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Path file;

    public RunFolderException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public RunFolderException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    static RunFolderException unreadable(Path file, IOException e) {
        String why = e instanceof JsonProcessingException j
                ? "not valid JSON (" + j.getOriginalMessage() + ")"
                : AtomicWriter.describe(e);
        return new RunFolderException(file, why, e);
    }
}
