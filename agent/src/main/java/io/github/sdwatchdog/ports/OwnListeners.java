package io.github.sdwatchdog.ports;

import java.io.File;

/**
 * Finds this process's listening TCP sockets from its own fds: for each entry of /proc/self/fd, one
 * getsockopt(SO_ACCEPTCONN) (a non-socket fails at once) and, for a listener, getsockname for its family
 * and port. The cost grows with the process's fds, not with the kernel's socket hash tables, which
 * /proc/net/tcp walks whole (milliseconds per table on a large machine: docs/startup.md, "Fallbacks").
 */
final class OwnListeners implements ListenerSource {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final File FDS = new File("/proc/self/fd");

    private final int[] value = new int[1];
    private final int[] length = new int[1];
    private final byte[] address = new byte[128];

    /** Loads the binding; throws if native access is unavailable, so the caller can fall back. */
    OwnListeners() {
        value[0] = 0;
        length[0] = 4;
        SocketCalls.getsockopt(-1, SocketCalls.SOL_SOCKET, SocketCalls.SO_ACCEPTCONN, value, length);
    }

    /**
     * Newest fds first (a late listener is among them; /proc lists fds in ascending order, which only makes this
     * faster), and only until every awaited port is seen.
     */
    @Override
    public void scan(PortSet ports) {
        String[] names = FDS.list();
        if (names == null) {
            throw new IllegalStateException("cannot list /proc/self/fd");
        }
        for (int i = names.length - 1; i >= 0 && !ports.allSeen(); i--) {
            int fd = parse(names[i]);
            int port = fd < 0 ? -1 : listeningPort(fd);
            if (port > 0) {
                ports.found(port);
            }
        }
    }

    /** The port the fd listens on, or -1 if it is not a listening TCP socket. */
    private int listeningPort(int fd) {
        length[0] = 4;
        value[0] = 0;
        if (SocketCalls.getsockopt(fd, SocketCalls.SOL_SOCKET, SocketCalls.SO_ACCEPTCONN, value, length) != 0
                || value[0] == 0) {
            return -1;
        }
        length[0] = address.length;
        if (SocketCalls.getsockname(fd, address, length) != 0 || length[0] < 4) {
            return -1;
        }
        int family = (address[0] & 0xff) | (address[1] & 0xff) << 8; // sa_family_t, host order (little-endian here)
        return family == AF_INET || family == AF_INET6 ? (address[2] & 0xff) << 8 | (address[3] & 0xff) : -1; // network order
    }

    private static int parse(String name) {
        int value = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return name.isEmpty() ? -1 : value;
    }
}
