package io.github.sdwatchdog.ports;

import com.sun.jna.Native;

/**
 * The two libc calls that tell whether an fd is a listening socket and on which port. Direct-mapped JNA
 * without LastErrorException: a failed call (most fds are not sockets) returns -1 without an exception.
 */
final class SocketCalls {
    static final int SOL_SOCKET = 1;
    static final int SO_ACCEPTCONN = 30;

    static {
        Native.register(SocketCalls.class, "c");
    }

    static native int getsockopt(int fd, int level, int name, int[] value, int[] length);

    static native int getsockname(int fd, byte[] address, int[] length);

    private SocketCalls() {
    }
}
