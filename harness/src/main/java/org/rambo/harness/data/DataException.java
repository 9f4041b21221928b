package org.rambo.harness.data;

import java.nio.file.Path;

/**
 * Bad input data: the message always names the file, and the line (1-based) for text files,
 * so a user can open the file and fix it. The CLI prints the message and exits non-zero.
 */
public class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Path file;
    private final long line;

    public DataException(Path file, long line, String message) {
        super(format(file, line, message));
        this.file = file;
        this.line = line;
    }

    public DataException(Path file, long line, String message, Throwable cause) {
        super(format(file, line, message), cause);
        this.file = file;
        this.line = line;
    }

    /** An error about a whole file (no particular line). */
    public DataException(Path file, String message) {
        this(file, 0, message);
    }

    public DataException(Path file, String message, Throwable cause) {
        this(file, 0, message, cause);
    }

    private static String format(Path file, long line, String message) {
        return (file == null ? "" : file + (line > 0 ? ":" + line : "") + ": ") + message;
    }

    public Path file() {
        return file;
    }

    /** 1-based line, 0 when the error is not about one line. */
    public long line() {
        return line;
    }
}
