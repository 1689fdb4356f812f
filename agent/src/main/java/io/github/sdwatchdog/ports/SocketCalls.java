package io.github.sdwatchdog.ports;

import com.sun.jna.Native;

/**
 * The libc calls that find this process's listening sockets: getsockopt/getsockname on its fds, and a netlink
 * socket to ask the kernel ({@link SockDiagListeners}). Direct-mapped JNA without LastErrorException: a failed
 * call (most fds are not sockets) returns -1 without an exception; {@code Native.getLastError()} says why.
 * size_t and ssize_t are {@code long}: Linux on 64-bit machines, where the agent runs.
 */
final class SocketCalls {
    static final int SOL_SOCKET = 1;
    static final int SO_ACCEPTCONN = 30;
    static final int SO_RCVTIMEO = 20;

    static {
        Native.register(SocketCalls.class, "c");
    }

    static native int getsockopt(int fd, int level, int name, int[] value, int[] length);

    static native int getsockname(int fd, byte[] address, int[] length);

    static native int socket(int domain, int type, int protocol);

    static native int setsockopt(int fd, int level, int name, long[] value, int length);

    static native long send(int fd, byte[] buffer, long length, int flags);

    static native long recv(int fd, byte[] buffer, long length, int flags);

    static native int close(int fd);

    private SocketCalls() {
    }
}
