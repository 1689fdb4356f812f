package io.github.sdwatchdog.health;

/**
 * The instrumentation's counters, as the health logic reads them: calls begun and, per stripe of
 * threads, calls in flight, plus the last thread that began each point on each stripe. The JVM's answer
 * is {@link BridgeCounters}; tests drive their own.
 */
public interface PointCounters {
    int stripes();

    int stripeOf(long threadId);

    /** Calls of the point begun so far; only changes matter. */
    long begun(int point);

    /** Per stripe, calls begun minus calls ended; may count a call that is ending as in flight. */
    void inFlight(int point, long[] perStripe);

    /** The last thread that began the point on the stripe, or null. */
    Thread lastThread(int point, int stripe);
}
