package io.github.sdwatchdog.ports;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The one reader of a process's listeners in /proc: LISTEN lines (state 0A) of /proc/&lt;pid&gt;/net/tcp and
 * tcp6, which list the whole network namespace, so a line counts only if its inode is one of the process's
 * fds ({@code socket:[inode]}). The fds are read only when a wanted line appears, and an inode found foreign
 * is not looked up again. Each read walks the kernel's whole socket hash table (ms each). The agent's
 * fallback when native access is unavailable (for this process), and {@code suggest}'s view of another.
 */
final class ProcTcpTables implements ListenerSource {
    /** One listening socket of the process: its local address as the kernel writes it (hex), port and inode. */
    static final class Listener {
        final String addressHex;
        final int port;
        final long inode;

        Listener(String addressHex, int port, long inode) {
            this.addressHex = addressHex;
            this.port = port;
            this.inode = inode;
        }
    }

    private final String[] tables;
    private final Path fds;
    private final Set<Long> foreign = new HashSet<>();
    private byte[] buffer = new byte[16384];

    /** This process's listeners. */
    ProcTcpTables() {
        this(Paths.get("/proc/self"));
    }

    /** The listeners of the process whose /proc directory this is. */
    ProcTcpTables(Path process) {
        tables = new String[] {process.resolve("net/tcp").toString(), process.resolve("net/tcp6").toString()};
        fds = process.resolve("fd");
    }

    @Override
    public void scan(PortSet ports) throws IOException {
        for (Listener listener : listeners(port -> ports.awaited(port) >= 0)) {
            ports.found(listener.port);
        }
    }

    /** The process's listening sockets whose port is wanted, in table order (IPv4 first). */
    List<Listener> listeners(IntPredicate wantedPort) throws IOException {
        List<Listener> candidates = new ArrayList<>();
        for (String table : tables) {
            scan(read(table), wantedPort, candidates);
        }
        List<Listener> own = new ArrayList<>();
        if (!candidates.isEmpty()) {
            Set<Long> sockets = ownSockets();
            for (Listener candidate : candidates) {
                if (sockets.contains(candidate.inode)) {
                    own.add(candidate);
                } else {
                    foreign.add(candidate.inode);
                }
            }
        }
        return own;
    }

    /** Reads a table whole into the buffer; a missing tcp6 (IPv6 disabled) reads as empty. */
    private int read(String table) throws IOException {
        int length = 0;
        try (InputStream in = new FileInputStream(table)) {
            while (true) {
                if (length == buffer.length) {
                    byte[] larger = new byte[buffer.length * 2];
                    System.arraycopy(buffer, 0, larger, 0, length);
                    buffer = larger;
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    return length;
                }
                length += n;
            }
        } catch (FileNotFoundException e) {
            if (table.endsWith("6")) {
                return 0;
            }
            throw e;
        }
    }

    /** Lines are "sl local_address rem_address st ... inode": local_address ends in ":PPPP" (hex), inode is field 9. */
    private void scan(int length, IntPredicate wantedPort, List<Listener> candidates) {
        int at = 0;
        while (at < length) {
            int field = 0;
            int port = -1;
            int addressStart = 0;
            int addressEnd = 0;
            boolean wanted = false;
            long inode = -1;
            while (at < length && buffer[at] != '\n') {
                while (at < length && buffer[at] == ' ') {
                    at++;
                }
                int start = at;
                while (at < length && buffer[at] != ' ' && buffer[at] != '\n') {
                    at++;
                }
                if (start == at) {
                    break;
                }
                if (field == 1) {
                    port = hexPort(start, at);
                    addressStart = start;
                    addressEnd = at - 5;
                } else if (field == 3) {
                    wanted = at - start == 2 && buffer[start] == '0' && buffer[start + 1] == 'A' && port >= 0
                            && wantedPort.test(port);
                    if (!wanted) {
                        break;
                    }
                } else if (field == 9) {
                    inode = decimal(start, at);
                }
                field++;
            }
            while (at < length && buffer[at] != '\n') {
                at++;
            }
            at++;
            if (wanted && inode > 0 && !foreign.contains(inode)) {
                candidates.add(new Listener(new String(buffer, addressStart, addressEnd - addressStart,
                        StandardCharsets.US_ASCII), port, inode));
            }
        }
    }

    private int hexPort(int start, int end) {
        if (end - start < 5 || buffer[end - 5] != ':') {
            return -1;
        }
        int value = 0;
        for (int i = end - 4; i < end; i++) {
            int digit = Character.digit(buffer[i], 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private long decimal(int start, int end) {
        long value = 0;
        for (int i = start; i < end; i++) {
            if (buffer[i] < '0' || buffer[i] > '9') {
                return -1;
            }
            value = value * 10 + (buffer[i] - '0');
        }
        return value;
    }

    private Set<Long> ownSockets() throws IOException {
        Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(fds)) {
            for (Path fd : entries) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed meanwhile, or the directory stream's own fd
                }
                if (target.startsWith("socket:[") && target.endsWith("]")) {
                    try {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    } catch (NumberFormatException ignored) {
                        // not a socket link after all
                    }
                }
            }
        }
        return inodes;
    }
}
