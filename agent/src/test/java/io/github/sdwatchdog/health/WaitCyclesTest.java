package io.github.sdwatchdog.health;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cycles in a wait-for graph where each thread waits for at most one other. */
class WaitCyclesTest {
    private static Map<String, String> waits(String... pairs) {
        Map<String, String> waitsFor = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            waitsFor.put(pairs[i], pairs[i + 1]);
        }
        return waitsFor;
    }

    @Test
    void twoThreadsThatWaitForEachOtherAreACycle() {
        assertEquals(Set.of("a", "b"), WaitCycles.members(waits("a", "b", "b", "a")));
    }

    @Test
    void threadsThatWaitOnACycleAreNotInIt() {
        // c and d wait on the cycle from outside, met before it and after it
        assertEquals(List.of("a", "b"), List.copyOf(WaitCycles.members(waits("d", "c", "c", "a", "a", "b", "b", "a"))));
        assertEquals(Set.of("a", "b"), WaitCycles.members(waits("a", "b", "b", "a", "c", "a")));
    }

    @Test
    void aChainThatEndsAtARunningThreadIsNoCycle() {
        assertTrue(WaitCycles.members(waits("a", "b", "b", "c", "c", "d")).isEmpty());
    }

    @Test
    void aTimedWaiterIsNoEdgeSoACycleThroughItIsNone() {
        // b waits in tryLock(timeout): the caller leaves its edge out
        assertTrue(WaitCycles.members(waits("a", "b")).isEmpty());
    }

    @Test
    void separateCyclesAreAllFound() {
        assertEquals(Set.of("a", "b", "c", "x", "y"),
                WaitCycles.members(waits("a", "b", "b", "c", "c", "a", "x", "y", "y", "x", "t", "x")));
    }
}
