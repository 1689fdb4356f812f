package io.github.sdwatchdog.bench;

/**
 * Two identical tiny methods. The hot-path benchmark names {@link #instrumentedTick} as a progress
 * point and leaves {@link #baselineTick} alone, so both are measured in the same JVM and run.
 */
public final class Target {
    public static void ready() {
        // the agent's ready method: the benchmark calls it once in its setup
    }

    public static long instrumentedTick(long value) {
        return value * 31 + 7;
    }

    public static long baselineTick(long value) {
        return value * 31 + 7;
    }

    private Target() {
    }
}
