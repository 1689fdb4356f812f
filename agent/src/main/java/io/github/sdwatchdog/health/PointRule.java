package io.github.sdwatchdog.health;

import io.github.sdwatchdog.config.WatchPoint;

/** A rule for one point, which also keeps the longest quiet time it has seen: what {@code stall} must stay above. */
interface PointRule extends Rule {
    WatchPoint point();

    /**
     * The longest time seen without a call beginning: for a progress point only while a call was in flight (idle
     * time is fine, and says nothing about the stall), for a heartbeat point whatever was in flight.
     */
    long longestQuietNanos();
}
