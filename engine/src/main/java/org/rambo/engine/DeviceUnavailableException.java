package org.rambo.engine;

/** The device a config asks for cannot be used here; the message says why and what to do. */
public final class DeviceUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DeviceUnavailableException(String message) {
        super(message);
    }
}
