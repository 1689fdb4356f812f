package io.github.sdwatchdog.notify;

/** The native layer (JNA) could not be loaded, so no datagram can be sent. The message says why and what to do. */
public final class NativeUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    NativeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
