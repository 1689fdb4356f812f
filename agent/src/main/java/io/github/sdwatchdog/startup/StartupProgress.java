package io.github.sdwatchdog.startup;

/**
 * The rule that decides whether startup still makes progress, so that TimeoutStartSec= is extended only
 * while it does. Between two samples, startup progressed if the JVM loaded at least {@value #MIN_CLASSES}
 * classes or the startup thread's top frames (classes and methods) changed. A class or two is noise: the
 * agent's own threads load one now and then (its 10 s check for unloaded target classes, say). Startup is stuck when no sample has shown progress
 * for {@code startup-stall}. CPU time alone is no progress: a startup that spins in one place burns CPU
 * with the same frames, and is stuck too. The time of a change is taken as the earlier of the two
 * samples, so a hang is never credited with the second after it.
 */
final class StartupProgress {
    static final int MIN_CLASSES = 5;

    private final long stallNanos;
    private StartupSample previous;
    private long previousClasses;
    private long previousNanos;
    private long lastProgressNanos;

    StartupProgress(long stallNanos) {
        this.stallNanos = stallNanos;
    }

    void observe(StartupSample sample, long nowNanos) {
        if (previous == null) {
            lastProgressNanos = nowNanos;
        } else if (sample != null && (sample.loadedClasses - previousClasses >= MIN_CLASSES || !sample.samePlaceAs(previous))) {
            lastProgressNanos = Math.max(lastProgressNanos, previousNanos);
        }
        if (sample != null) {
            previous = sample;
            previousClasses = sample.loadedClasses;
            previousNanos = nowNanos;
        }
    }

    /**
     * The class count after the watchdog's own work on this sample (its first warning, say, loads classes),
     * so that the agent's own class loading is never taken for the startup's progress.
     */
    void classesAfterOwnWork(long loadedClasses) {
        if (previous != null && loadedClasses >= 0) {
            previousClasses = loadedClasses;
        }
    }

    boolean stuck(long nowNanos) {
        return previous != null && nowNanos - lastProgressNanos >= stallNanos;
    }

    long quietNanos(long nowNanos) {
        return nowNanos - lastProgressNanos;
    }
}
