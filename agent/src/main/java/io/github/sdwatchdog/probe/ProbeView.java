package io.github.sdwatchdog.probe;

import io.github.sdwatchdog.health.Health;

import java.util.List;

/**
 * What the probe endpoints and the MBean show, read without waiting: every method returns what the
 * watchdog already knows, and none blocks on a check in progress.
 */
public interface ProbeView {
    /** Whether the ready method has returned (READY=1 is due or sent). */
    boolean ready();

    /** When it returned, in epoch milliseconds; -1 before. */
    long readyAtEpochMillis();

    /** What startup waits for, for the not-ready answer. */
    String waitingFor();

    /** The latest completed check, or null before the first. */
    Health latest();

    /** Null while checks complete on schedule; else why the latest verdict is too old to trust. */
    String staleness();

    /** The last problem report written, or null. */
    String lastReport();

    /** Observe mode ({@code on-unhealthy=log}): failed checks are shown, and the probes still pass. */
    boolean observing();

    /** One line per point with its counts: calls begun and calls in flight now. */
    List<String> pointCounts();
}
