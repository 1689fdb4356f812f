package io.github.sdwatchdog.health;

import io.github.sdwatchdog.config.WatchPoint;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The distinct last threads that began a point, as the counters' stripes remember them. */
final class LastThreads {
    /** On the given stripes, or on all of them when {@code stripes} is null. */
    static List<Thread> of(PointCounters counters, WatchPoint point, int[] stripes) {
        Set<Thread> threads = new LinkedHashSet<>();
        int n = stripes == null ? counters.stripes() : stripes.length;
        for (int k = 0; k < n; k++) {
            Thread thread = counters.lastThread(point.index(), stripes == null ? k : stripes[k]);
            if (thread != null) {
                threads.add(thread);
            }
        }
        return new ArrayList<>(threads);
    }

    private LastThreads() {
    }
}
