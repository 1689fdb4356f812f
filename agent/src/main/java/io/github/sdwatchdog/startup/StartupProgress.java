package io.github.sdwatchdog.startup;

/**
 * The rule that decides whether startup still makes progress, so that TimeoutStartSec= is extended only
 * while it does. Between two samples, startup progressed if the JVM loaded a class or the startup
 * thread's top frames (classes and methods) changed. Startup is stuck when no sample has shown progress
 * for {@code startup-stall}. CPU time alone is no progress: a startup that spins in one place burns CPU
 * with the same frames, and is stuck too. The time of a change is taken as the earlier of the two
 * samples, so a hang is never credited with the second after it.
 */
final class StartupProgress {
    private final long stallNanos;
    private StartupSample previous;
    private long previousNanos;
    private long lastProgressNanos;

    StartupProgress(long stallNanos) {
        this.stallNanos = stallNanos;
    }

    void observe(StartupSample sample, long nowNanos) {
        if (previous == null) {
            lastProgressNanos = nowNanos;
        } else if (sample != null && (sample.loadedClasses != previous.loadedClasses || !sample.samePlaceAs(previous))) {
            lastProgressNanos = Math.max(lastProgressNanos, previousNanos);
        }
        if (sample != null) {
            previous = sample;
            previousNanos = nowNanos;
        }
    }

    boolean stuck(long nowNanos) {
        return previous != null && nowNanos - lastProgressNanos >= stallNanos;
    }

    long quietNanos(long nowNanos) {
        return nowNanos - lastProgressNanos;
    }
}
