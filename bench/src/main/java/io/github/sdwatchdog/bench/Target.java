package io.github.sdwatchdog.bench;

import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two identical tiny methods. The hot-path benchmark names {@link #instrumentedTick} as a progress
 * point and leaves {@link #baselineTick} alone, so both are measured in the same run, same JVM flags.
 */
public final class Target {
    /** Calls made in this JVM, summed by the benchmark threads at the end of a trial. */
    static final AtomicLong CALLS = new AtomicLong();

    public static void ready() {
        // the agent's ready method: the benchmark calls it once per trial
    }

    public static long instrumentedTick(long value) {
        return value * 31 + 7;
    }

    public static long baselineTick(long value) {
        return value * 31 + 7;
    }

    /** The bridge's stripe mask: 1,024 stripes. */
    static long stripeMask() {
        return 1023;
    }

    /**
     * The stripe mask of the bridge before 1,024 fixed stripes: the next power of two above
     * max(4, 4 * cpus) - 1 (8 stripes on 2 cores). Threads whose ids collided under it are the worst case
     * the issue measured (0.7 G calls/s instead of 2.8 G on 2 threads).
     */
    static long oldStripeMask() {
        int stripes = Integer.highestOneBit(Math.max(4, Runtime.getRuntime().availableProcessors() * 4) - 1) << 1;
        return Math.min(stripes, 1024) - 1;
    }

    /**
     * The agent's counter for progress point 0 (the only one), read from the bridge class the agent
     * defines in java.lang (the name the agent's build gives it); -1 without the agent.
     */
    static long progressCount() {
        try {
            Class<?> bridge = Class.forName("java.lang.SdWatchdogBridge", true, null);
            Method count = bridge.getMethod("begun", int.class);
            return (Long) count.invoke(null, 0);
        } catch (ReflectiveOperationException e) {
            System.out.println("bench-calls cannot read the agent counter: " + e);
            return -1;
        }
    }

    private Target() {
    }
}
