package io.github.sdwatchdog.health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cycles of a wait-for graph, where each thread waits for at most one other (the owner of the lock it
 * wants). Only waits without a timeout may be edges: a thread in {@code tryLock(timeout)} gives up and
 * backs off, so a cycle through it ends by itself and is no deadlock. Threads that merely wait on a cycle
 * (the JVM's search returns them too) are not members of it.
 */
final class WaitCycles {
    /** The members of every cycle, in the order they were met. Linear in the number of edges. */
    static <T> Set<T> members(Map<T, T> waitsFor) {
        Set<T> members = new LinkedHashSet<>();
        Map<T, Integer> walkOf = new HashMap<>();
        int walk = 0;
        for (T start : waitsFor.keySet()) {
            walk++;
            List<T> path = new ArrayList<>();
            T current = start;
            while (current != null && !walkOf.containsKey(current)) {
                walkOf.put(current, walk);
                path.add(current);
                current = waitsFor.get(current);
            }
            if (current != null && walkOf.get(current) == walk) { // this walk came back to itself: a cycle
                members.addAll(path.subList(path.indexOf(current), path.size()));
            }
        }
        return members;
    }

    private WaitCycles() {
    }
}
