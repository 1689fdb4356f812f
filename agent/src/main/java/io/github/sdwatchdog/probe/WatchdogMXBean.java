package io.github.sdwatchdog.probe;

/** The watchdog as JConsole, VisualVM or jmx_exporter see it: {@code io.github.sdwatchdog:type=Watchdog}. */
public interface WatchdogMXBean {
    /** starting, healthy, unhealthy, or stale (checks stopped completing). */
    String getVerdict();

    boolean isHealthy();

    boolean isReady();

    /** The agent's one-line status, as sent in STATUS=. */
    String getStatus();

    /** One {@code [+]name ok: detail} or {@code [-]name failed: reason} line per check. */
    String[] getChecks();

    /** One line per point with its counts: calls begun and calls in flight now. */
    String[] getPointCounts();

    /** The last problem report, with stacks; empty if none. */
    String getLastReport();

    /** When the ready method returned, ISO-8601; empty before. */
    String getReadyTime();

    /** When the ready method returned, in epoch milliseconds; -1 before. */
    long getReadyAtEpochMillis();
}
