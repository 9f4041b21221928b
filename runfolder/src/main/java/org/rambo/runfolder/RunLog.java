package org.rambo.runfolder;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * log.txt: the raw log of a run, appended line by line across resumes (a log is history, so it
 * is the one run file that is appended rather than replaced). Lines also go to SLF4J, which
 * decides what reaches the terminal; stack traces go only to this file.
 */
public final class RunLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunLog.class);

    private final Path file;
    private final BufferedWriter out;

    public RunLog(Path runFolder) {
        this.file = runFolder.resolve(RunFiles.LOG);
        try {
            out = Files.newBufferedWriter(
                    file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + AtomicWriter.describe(e), e);
        }
    }

    /** A line for the log and for SLF4J at info level. */
    public void info(String message) {
        LOG.info(message);
        append(message);
    }

    /** A line for the log only (details a terminal does not need). */
    public void detail(String message) {
        LOG.debug(message);
        append(message);
    }

    /** A failure: the message as one line, the stack trace into the file only. */
    public void error(String message, Throwable cause) {
        LOG.error(message);
        StringWriter trace = new StringWriter();
        cause.printStackTrace(new PrintWriter(trace));
        append(message + "\n" + trace);
    }

    /**
     * A failure the caller passes on to be told once, by whoever catches it: the message and the
     * stack trace go into the file only, not to the terminal.
     */
    public void errorPassedOn(String message, Throwable cause) {
        LOG.debug(message);
        StringWriter trace = new StringWriter();
        cause.printStackTrace(new PrintWriter(trace));
        append(message + "\n" + trace);
    }

    /** The file this log appends to. */
    public Path file() {
        return file;
    }

    private synchronized void append(String text) {
        try {
            out.write(Instant.now() + " " + text);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            // a log that cannot be written must not hide the run's own outcome
            LOG.warn("cannot append to {}: {}", file, AtomicWriter.describe(e));
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("cannot close {}: {}", file, AtomicWriter.describe(e));
        }
    }
}
