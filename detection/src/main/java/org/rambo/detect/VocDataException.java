package org.rambo.detect;

import java.nio.file.Path;

/** Bad VOC input; the message always names the offending file. */
public final class VocDataException extends RuntimeException {

    private final Path file;

    public VocDataException(Path file, String message) {
        this(file, message, null);
    }

    public VocDataException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
