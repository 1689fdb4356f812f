package io.github.sdwatchdog.bench;

import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A service that holds many open fds and binds its port late, for {@code bench/port-wait.sh}:
 * {@code PortWaitTarget <port> <fds> <bind-after-ms> <settle-ms>}. Opens that many fds, sleeps, binds, waits for
 * READY to have gone out, then prints the CPU time the process and the agent's threads have used (from /proc, so
 * nothing is loaded that the agent may or may not have loaded already) and exits.
 */
public final class PortWaitTarget {
    private static final long TICK_MILLIS = 10; // USER_HZ = 100 on Linux

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int fds = Integer.parseInt(args[1]);
        long bindAfter = Long.parseLong(args[2]);
        long settle = Long.parseLong(args[3]);
        List<AutoCloseable> open = new ArrayList<>();
        for (int i = 0; i < fds; i++) {
            open.add(new FileInputStream("/dev/null"));
        }
        Thread.sleep(bindAfter);
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(port))) {
            Instant bound = Instant.now();
            System.out.println("bound at-us=" + (bound.getEpochSecond() * 1_000_000L + bound.getNano() / 1_000));
            Thread.sleep(settle);
            long agentTicks = 0;
            StringBuilder agentThreads = new StringBuilder();
            try (var tasks = Files.list(Paths.get("/proc/self/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    String name = read(task.resolve("comm")).trim();
                    if (name.startsWith("sd-watchdog")) {
                        long ticks = cpuTicks(task.resolve("stat"));
                        agentTicks += ticks;
                        agentThreads.append(agentThreads.length() == 0 ? "" : ", ").append(name).append(' ')
                                .append(ticks * TICK_MILLIS);
                    }
                }
            }
            System.out.println("cpu-ms process=" + cpuTicks(Paths.get("/proc/self/stat")) * TICK_MILLIS
                    + " agent-threads=" + agentTicks * TICK_MILLIS + " (" + agentThreads + ") open-fds="
                    + new java.io.File("/proc/self/fd").list().length);
        }
        for (AutoCloseable fd : open) {
            fd.close();
        }
    }

    /** utime + stime, fields 14 and 15 of a stat line, counted after the ')' that ends the command name. */
    private static long cpuTicks(Path stat) throws IOException {
        String line = read(stat);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
    }

    private PortWaitTarget() {
    }
}
