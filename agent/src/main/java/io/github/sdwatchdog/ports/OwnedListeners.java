package io.github.sdwatchdog.ports;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which listeners of a table that covers the whole network namespace (/proc/net/tcp, sock_diag) are this
 * process's: those whose inode one of its fds links to ({@code socket:[inode]}). The fds are read only when an
 * inode not yet judged appears, and one found foreign is not looked up again, so a poll that sees no listener,
 * or only another process's, reads no fd.
 */
final class OwnedListeners {
    private static final Path FDS = Paths.get("/proc/self/fd");

    private final Set<Long> foreign = new HashSet<>();
    private final List<long[]> candidates = new ArrayList<>(); // {port, inode}

    /** A listener on an awaited port, judged at the next {@link #settle}. */
    void candidate(int port, long inode) {
        if (inode > 0 && !foreign.contains(inode)) {
            candidates.add(new long[] {port, inode});
        }
    }

    /** Marks the port of each candidate that is this process's as found; remembers the others as foreign. */
    void settle(PortSet ports) throws IOException {
        if (candidates.isEmpty()) {
            return;
        }
        Set<Long> own = ownSockets();
        for (long[] candidate : candidates) {
            if (own.contains(candidate[1])) {
                ports.found((int) candidate[0]);
            } else {
                foreign.add(candidate[1]);
            }
        }
        candidates.clear();
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
