package io.github.sdwatchdog.nativelib;

import java.io.IOException;

/** A path another user could change: native code is never loaded from it. The message says who and how. */
final class UntrustedPathException extends IOException {
    private static final long serialVersionUID = 1L;

    UntrustedPathException(String message) {
        super(message);
    }
}
