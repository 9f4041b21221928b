package org.rambo.detection;

import java.nio.file.Path;

/** A VOC tree that cannot be used; the message starts with the offending file. */
public final class VocDataException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public VocDataException(Path file, String message) {
        super(file + ": " + message);
    }

    public VocDataException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
    }
}
