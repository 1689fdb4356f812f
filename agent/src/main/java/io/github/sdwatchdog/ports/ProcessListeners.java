package io.github.sdwatchdog.ports;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** The TCP addresses another process listens on, for {@code suggest}: read from /proc/&lt;pid&gt; only, nothing reaches the process. */
public final class ProcessListeners {
    /** Each listening address once, as {@code 127.0.0.1:8080} or {@code [::]:8443}, IPv4 first. */
    public static List<String> of(long pid) throws IOException {
        List<String> addresses = new ArrayList<>();
        for (ProcTcpTables.Listener listener : new ProcTcpTables(Paths.get("/proc", Long.toString(pid))).listeners(port -> true)) {
            String entry = address(listener.addressHex) + ":" + listener.port;
            if (!addresses.contains(entry)) {
                addresses.add(entry);
            }
        }
        return addresses;
    }

    /** The kernel's hex of a local address: IPv4 as one little-endian word, IPv6 as four. */
    static String address(String hex) {
        if (hex.length() == 8) {
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

    private ProcessListeners() {
    }
}
