package org.rambo.harness.cli;

import ai.djl.engine.EngineException;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.rambo.harness.config.ConfigException;
import org.rambo.harness.data.DataException;
import org.rambo.runfolder.AtomicWriter;
import org.rambo.runfolder.RunFolderException;

/**
 * Sorts a failed command into the user's to fix (bad input, exit 1; the environment, exit 4),
 * each told in one line that starts with the file (and line), or a bug (exit 70).
 */
final class Failures {

    /** The exit code and the one line the user sees; for a bug the line is null. */
    record Verdict(int exitCode, String line) {
        boolean isBug() {
            return exitCode == ExitCode.BUG;
        }
    }

    private Failures() {}

    static Verdict classify(Throwable e) {
        // a config or data error may arrive wrapped (a loader thread, a lazily read file)
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConfigException || c instanceof DataException) {
                return new Verdict(ExitCode.BAD_INPUT, firstLine(c.getMessage()));
            }
            if (c instanceof RunFolderException r) {
                return new Verdict(
                        isEnvironment(r) ? ExitCode.ENVIRONMENT : ExitCode.BAD_INPUT, firstLine(r.getMessage()));
            }
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof EngineException) {
                return new Verdict(ExitCode.ENVIRONMENT, engineLine(c));
            }
        }
        IOException io = firstIoException(e);
        if (io instanceof NoSuchFileException missing) {
            return new Verdict(ExitCode.BAD_INPUT, missing.getFile() + ": no such file or folder");
        }
        if (io instanceof JsonProcessingException) {
            // a file that is not the JSON it should be: the outermost message names the file
            return new Verdict(ExitCode.BAD_INPUT, firstLine(e.getMessage()));
        }
        if (io != null) {
            return new Verdict(ExitCode.ENVIRONMENT, environmentLine(e, io));
        }
        if (e instanceof IllegalArgumentException) {
            return new Verdict(ExitCode.BAD_INPUT, firstLine(e.getMessage()));
        }
        return new Verdict(ExitCode.BUG, null);
    }

    /** A damaged run file is the user's input; a run file that cannot be read or written is the environment. */
    private static boolean isEnvironment(RunFolderException e) {
        IOException io = firstIoException(e.getCause());
        return io != null && !(io instanceof NoSuchFileException) && !(io instanceof JsonProcessingException);
    }

    private static IOException firstIoException(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    /**
     * "file: what is wrong": the file from the file-system error when it names one, else the
     * outermost message (ours name the file they were writing), with the root cause in words
     * ("No space left on device" is often only in the cause).
     */
    private static String environmentLine(Throwable outer, IOException io) {
        for (Throwable c = outer; c != null; c = c.getCause()) {
            if (c instanceof FileSystemException fse && fse.getFile() != null) {
                String why = fse instanceof AccessDeniedException
                        ? "permission denied"
                        : fse instanceof FileAlreadyExistsException
                                ? "exists and is not a folder"
                                : fse.getReason() != null ? fse.getReason() : AtomicWriter.describe(fse);
                return fse.getFile() + ": " + why;
            }
        }
        String why = AtomicWriter.describe(io);
        String message = outer.getMessage();
        if (message == null || message.isBlank()) {
            return why;
        }
        return firstLine(message.contains(why) ? message : message + ": " + why);
    }

    /**
     * PyTorch could not be loaded: DJL's message and the linker's reason (a missing CUDA library,
     * say), with where to look; the launcher checks the variables before this can happen.
     */
    private static String engineLine(Throwable engine) {
        Throwable root = engine;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String why = root == engine ? "" : " (" + firstLine(root.getMessage()) + ")";
        return firstLine(engine.getMessage()) + why
                + "; check PYTORCH_LIBRARY_PATH, PYTORCH_FLAVOR and the CUDA driver with 'rambo-bench doctor'"
                + " (README: The paper protocol on a GPU)";
    }

    /** A bug's message: its type, since "null" or a bare index says nothing on its own. */
    static String bugMessage(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + firstLine(message));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
