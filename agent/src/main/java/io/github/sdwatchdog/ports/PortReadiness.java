package io.github.sdwatchdog.ports;

import io.github.sdwatchdog.log.AgentLog;

import java.io.IOException;
import java.util.List;

/**
 * Whether this JVM listens on every port of {@code ready=listen:}, whatever opened the sockets (NIO, blocking
 * sockets, Netty's native epoll): from the process's own fds through libc, or, without native access, from
 * /proc/self/net/tcp and tcp6. Polled by the watchdog thread; it keeps the cost of its polls for the log.
 */
public final class PortReadiness {
    private final PortSet ports;
    private final ListenerSource source;
    private final boolean nativeSource;
    private long polls;
    private long pollNanos;

    public PortReadiness(List<Integer> ports) {
        this.ports = new PortSet(ports);
        ListenerSource chosen;
        boolean isNative;
        try {
            chosen = new OwnListeners();
            isNative = true;
        } catch (LinkageError | RuntimeException e) {
            AgentLog.warn("no native access to this process's sockets (" + e + "); ready=listen: reads /proc/self/net/tcp"
                    + " and tcp6 instead, which costs milliseconds per look, so it looks less often");
            chosen = new ProcTcpTables();
            isNative = false;
        }
        this.source = chosen;
        this.nativeSource = isNative;
    }

    /** True once every port has been seen listening. */
    public boolean poll() throws IOException {
        long before = System.nanoTime();
        source.scan(ports);
        pollNanos += System.nanoTime() - before;
        polls++;
        return ports.waitingFor().isEmpty();
    }

    /** How long to wait before the next poll: the given period, or 10 polls' cost when a poll costs more. */
    public long nextPollNanos(long periodNanos) {
        return polls == 0 ? periodNanos : Math.max(periodNanos, 10 * (pollNanos / polls));
    }

    public List<Integer> waitingFor() {
        return ports.waitingFor();
    }

    /** For the log: how many polls, their average cost, and from where. */
    public String pollCost() {
        return polls + " polls of " + (nativeSource ? "this process's fds" : "/proc/self/net/tcp and tcp6") + ", "
                + (polls == 0 ? 0 : pollNanos / polls / 1000) + " us each on average";
    }

    /** "port 8080" or "ports 8080 and 8443", for STATUS= and logs. */
    public static String describe(List<Integer> ports) {
        StringBuilder text = new StringBuilder(ports.size() == 1 ? "port " : "ports ");
        for (int i = 0; i < ports.size(); i++) {
            text.append(i == 0 ? "" : i == ports.size() - 1 ? " and " : ", ").append(ports.get(i));
        }
        return text.toString();
    }
}
