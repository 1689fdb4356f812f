package io.github.sdwatchdog.notify;

import com.sun.jna.LastErrorException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalTime;

/**
 * Binds a notify socket and prints each datagram as it arrives: a stand-in for systemd in demos. It never
 * destroys anything: a path that exists is replaced only if it is a stale socket, one nothing answers on,
 * so pointing it at a config file or at {@code /run/systemd/notify} is refused rather than unlinking them.
 */
public final class NotifyListener {
    private static final int ECONNREFUSED = 111;
    private static final int EADDRINUSE = 98;
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    public static void listen(NotifySocketAddress address, PrintStream out) throws NativeUnavailableException, IOException {
        UnixDatagramSocket.loadNative();
        if (!address.isAbstract()) {
            replaceOnlyStale(address, out);
        }
        UnixDatagramSocket socket;
        try {
            socket = UnixDatagramSocket.bind(address);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EADDRINUSE) {
                throw new IOException(address + " is in use by another process; listen never takes over a socket: "
                        + "choose another name or path, and start the service with NOTIFY_SOCKET set to it", e);
            }
            throw new IOException("cannot bind " + address + ": " + e.getMessage(), e);
        }
        try (UnixDatagramSocket bound = socket) {
            out.println("listening on NOTIFY_SOCKET=" + address);
            byte[] buffer = new byte[65536];
            while (true) {
                String datagram = new String(bound.receive(buffer), StandardCharsets.UTF_8);
                out.println(LocalTime.now() + "  " + datagram.trim().replace("\n", " | "));
            }
        } catch (LastErrorException e) {
            throw new IOException("notify socket " + address + ": " + e.getMessage(), e);
        }
    }

    private static void replaceOnlyStale(NotifySocketAddress address, PrintStream out) throws IOException {
        Path path = Paths.get(address.toString());
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new IOException(path + " exists and is not a socket; listen replaces nothing but a stale socket: "
                    + "choose a path that does not exist, such as /tmp/notify.sock");
        }
        try {
            UnixDatagramSocket.connect(address).close();
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ECONNREFUSED) {
                Files.delete(path);
                out.println("replaced the stale socket " + path + " (nothing answered on it)");
                return;
            }
            throw new IOException("cannot tell whether anything listens on " + path + " (" + e.getMessage()
                    + "); listen leaves it alone: choose a path that does not exist", e);
        }
        throw new IOException("a process is listening on " + path + " (systemd's own notify socket, or another "
                + "listen?); listen never replaces a live socket: choose a path that does not exist, such as "
                + "/tmp/notify.sock, and start the service with NOTIFY_SOCKET set to it");
    }

    private NotifyListener() {
    }
}
