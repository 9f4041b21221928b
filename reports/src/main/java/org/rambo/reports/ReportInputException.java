package org.rambo.reports;

import java.nio.file.Path;

/**
 * A run folder, reference or benchmark file that does not follow the contract
 * (docs/run-folders.md). The message always names the file and, where it can, the line
 * or JSON key, because the person reading it has to go and fix that file.
 */
public final class ReportInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReportInputException(String message) {
        super(message);
    }

    public ReportInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "FILE: message". */
    public static ReportInputException at(Path file, String message) {
        return new ReportInputException(file + ": " + message);
    }

    /** "FILE line N: message". */
    public static ReportInputException atLine(Path file, long line, String message) {
        return new ReportInputException(file + " line " + line + ": " + message);
    }
}
