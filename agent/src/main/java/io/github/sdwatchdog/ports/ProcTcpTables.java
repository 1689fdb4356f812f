package io.github.sdwatchdog.ports;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fallback when native access is unavailable: LISTEN lines (state 0A) for an awaited port in
 * /proc/self/net/tcp and tcp6, which list the whole network namespace, so a line counts only if its inode is
 * one of this process's fds ({@code socket:[inode]}). The fds are read only when such a line appears, and an
 * inode found foreign is not looked up again. Each read walks the kernel's whole socket hash table (ms each).
 */
final class ProcTcpTables implements ListenerSource {
    private static final String[] TABLES = {"/proc/self/net/tcp", "/proc/self/net/tcp6"};
    private static final Path FDS = Paths.get("/proc/self/fd");

    private final Set<Long> foreign = new HashSet<>();
    private byte[] buffer = new byte[16384];

    @Override
    public void scan(PortSet ports) throws IOException {
        List<long[]> candidates = new ArrayList<>(); // {port, inode}
        for (String table : TABLES) {
            scan(read(table), ports, candidates);
        }
        if (!candidates.isEmpty()) {
            Set<Long> own = ownSockets();
            for (long[] candidate : candidates) {
                if (own.contains(candidate[1])) {
                    ports.found((int) candidate[0]);
                } else {
                    foreign.add(candidate[1]);
                }
            }
        }
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
    private void scan(int length, PortSet ports, List<long[]> candidates) {
        int at = 0;
        while (at < length) {
            int field = 0;
            int port = -1;
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
                } else if (field == 3) {
                    wanted = at - start == 2 && buffer[start] == '0' && buffer[start + 1] == 'A' && ports.awaited(port) >= 0;
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
                candidates.add(new long[] {port, inode});
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

    private static Set<Long> ownSockets() throws IOException {
        Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
            for (Path fd : fds) {
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
