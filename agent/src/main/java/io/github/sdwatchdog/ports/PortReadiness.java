package io.github.sdwatchdog.ports;

import io.github.sdwatchdog.log.AgentLog;

import java.io.IOException;
import java.util.List;

/**
 * Whether this JVM listens on every port of {@code ready=listen:}, whatever opened the sockets (NIO, blocking
 * sockets, Netty's native epoll). It asks the kernel for the listeners on those ports (sock_diag); where netlink
 * is refused, it looks at each of the process's fds through libc; without native access at all, it reads
 * /proc/self/net/tcp and tcp6. Polled by the watchdog thread; it keeps the cost of its polls for the log.
 */
public final class PortReadiness implements AutoCloseable {
    private final PortSet ports;
    private ListenerSource source;
    private String sourceName;
    private long polls;
    private long pollNanos;

    public PortReadiness(List<Integer> ports) {
        this.ports = new PortSet(ports);
        try {
            use(new SockDiagListeners(), "the kernel's listeners through sock_diag");
        } catch (LinkageError | RuntimeException | IOException e) {
            useFdScan(e);
        }
    }

    private void use(ListenerSource chosen, String name) {
        source = chosen;
        sourceName = name;
    }

    private void useFdScan(Throwable netlinkFailure) {
        ListenerSource fds = fdScan(netlinkFailure);
        use(fds, fds instanceof OwnListeners ? "this process's fds" : "/proc/self/net/tcp and tcp6");
    }

    /** Without netlink (RestrictAddressFamilies= without AF_NETLINK), each fd; without native access, /proc. */
    private static ListenerSource fdScan(Throwable netlink) {
        try {
            ListenerSource fds = new OwnListeners();
            AgentLog.warn("cannot ask the kernel for listeners (" + netlink + "), so ready=listen: looks at each of this"
                    + " process's fds, which costs about 1 us per fd per look; allow AF_NETLINK in the unit's"
                    + " RestrictAddressFamilies= to make the wait cheap");
            return fds;
        } catch (LinkageError | RuntimeException e) {
            AgentLog.warn("no native access to this process's sockets (" + e + "); ready=listen: reads /proc/self/net/tcp"
                    + " and tcp6 instead, which costs milliseconds per look, so it looks less often");
            return new ProcTcpTables();
        }
    }

    /** True once every port has been seen listening. */
    public boolean poll() throws IOException {
        long before = System.nanoTime();
        try {
            source.scan(ports);
        } catch (IOException e) {
            if (!(source instanceof SockDiagListeners)) {
                throw e;
            }
            source.close(); // a kernel that answered once and then not: look at the fds from now on
            useFdScan(e);
            source.scan(ports);
        }
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

    /** For the log: "poll 12 of this process's fds, 310 us each on average". */
    public String pollCost() {
        return "poll " + polls + " of " + sourceName + ", " + (polls == 0 ? 0 : pollNanos / polls / 1000)
                + " us each on average";
    }

    @Override
    public void close() {
        source.close();
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
