package io.github.sdwatchdog.suggest;

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
 * The TCP ports a process listens on: the listening sockets of /proc/&lt;pid&gt;/net/tcp{,6} whose inodes
 * are among its open files. Reads /proc only; nothing reaches the process.
 */
final class ListeningPorts {
    static List<String> of(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Paths.get("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        List<String> ports = new ArrayList<>();
        for (String table : new String[] {"tcp", "tcp6"}) {
            Path path = Paths.get("/proc", Long.toString(pid), "net", table);
            if (Files.isReadable(path)) {
                ports.addAll(listening(Files.readAllLines(path), inodes));
            }
        }
        return ports;
    }

    /** Lines of a /proc net table: "sl local rem st tx:rx tr:when retrnsmt uid timeout inode ..."; state 0A is LISTEN. */
    static List<String> listening(List<String> lines, Set<String> inodes) {
        List<String> ports = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !f[3].equals("0A") || !inodes.contains(f[9])) {
                continue;
            }
            int colon = f[1].indexOf(':');
            int port = Integer.parseInt(f[1].substring(colon + 1), 16);
            String address = address(f[1].substring(0, colon));
            String entry = address + ":" + port;
            if (!ports.contains(entry)) {
                ports.add(entry);
            }
        }
        return ports;
    }

    private static String address(String hex) {
        if (hex.length() == 8) { // IPv4, little-endian
            long v = Long.parseLong(hex, 16);
            return (v & 0xff) + "." + (v >> 8 & 0xff) + "." + (v >> 16 & 0xff) + "." + (v >> 24 & 0xff);
        }
        if (hex.matches("0+")) {
            return "[::]";
        }
        if (hex.equals("00000000000000000000000001000000")) {
            return "[::1]";
        }
        if (hex.startsWith("0000000000000000FFFF0000")) { // IPv4-mapped
            return address(hex.substring(24));
        }
        return "[" + hex + "]";
    }

    private ListeningPorts() {
    }
}
