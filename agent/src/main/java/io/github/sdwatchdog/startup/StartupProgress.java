package io.github.sdwatchdog.startup;

import java.util.LinkedHashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * The rule that decides whether startup still makes progress, so that TimeoutStartSec= is extended only
 * while it does. Progress means new ground: between two samples, the JVM loaded at least {@value #MIN_CLASSES}
 * classes, or the startup thread stood in a place (its top frames' classes and methods) it had not stood in
 * before. Revisiting places is no progress: a startup that retries a backend for ever alternates between the
 * same few places, and must not be extended for ever. A class or two is noise: the agent's own threads load
 * one now and then. CPU time alone is no progress either: a startup that spins in one place is stuck.
 * Startup is stuck when no sample has shown progress for {@code startup-stall}. The time of progress is taken
 * as the earlier of the two samples, so a hang is never credited with the second after it.
 */
final class StartupProgress {
    static final int MIN_CLASSES = 5;
    /** Places remembered, the oldest forgotten first: over an hour of samples, each in a new place. */
    static final int MAX_PLACES = 4096;

    private final long stallNanos;
    private final Set<Long> places = new LinkedHashSet<>();
    private boolean sampled;
    private long previousClasses;
    private long previousNanos;
    private long lastProgressNanos;

    StartupProgress(long stallNanos) {
        this.stallNanos = stallNanos;
    }

    void observe(StartupSample sample, long nowNanos) {
        if (!sampled) {
            lastProgressNanos = nowNanos;
        }
        if (sample == null) {
            return;
        }
        boolean newPlace = places.add(sample.place());
        if (places.size() > MAX_PLACES) {
            Iterator<Long> oldest = places.iterator();
            oldest.next();
            oldest.remove();
        }
        if (sampled && (sample.loadedClasses - previousClasses >= MIN_CLASSES || newPlace)) {
            lastProgressNanos = Math.max(lastProgressNanos, previousNanos);
        }
        sampled = true;
        previousClasses = sample.loadedClasses;
        previousNanos = nowNanos;
    }

    /**
     * The class count after the watchdog's own work on this sample (its first warning, say, loads classes),
     * so that the agent's own class loading is never taken for the startup's progress.
     */
    void classesAfterOwnWork(long loadedClasses) {
        if (sampled && loadedClasses >= 0) {
            previousClasses = loadedClasses;
        }
    }

    boolean stuck(long nowNanos) {
        return sampled && nowNanos - lastProgressNanos >= stallNanos;
    }

    long quietNanos(long nowNanos) {
        return nowNanos - lastProgressNanos;
    }
}
