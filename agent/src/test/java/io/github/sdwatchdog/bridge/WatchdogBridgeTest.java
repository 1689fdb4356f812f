package io.github.sdwatchdog.bridge;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The striping that keeps a service's busy threads off each other's cache lines. */
class WatchdogBridgeTest {
    @Test
    void sixteenThreadsMadeOneAfterAnotherGetSixteenStripes() {
        Set<Integer> stripes = new HashSet<>();
        for (int i = 0; i < 16; i++) {
            stripes.add(WatchdogBridge.stripeOf(new Thread(() -> { }).getId()));
        }
        assertEquals(16, stripes.size());
    }

    @Test
    void idsThatSharedOneOfTheOldEightStripesNowGetTheirOwn() {
        Set<Integer> stripes = new HashSet<>();
        for (long id = 5; id < 5 + 16 * 8; id += 8) { // equal mod 8: one stripe in the old layout on 2 cores
            stripes.add(WatchdogBridge.stripeOf(id));
        }
        assertEquals(16, stripes.size());
    }

    @Test
    void onlyIdsThatDifferByAMultipleOf1024ShareAStripe() {
        assertEquals(WatchdogBridge.stripeOf(7), WatchdogBridge.stripeOf(7 + 1024));
        assertEquals(1024, WatchdogBridge.STRIPES);
    }
}
