package io.github.sdwatchdog.health;

import io.github.sdwatchdog.config.WatchPoint;

/** A rule for one point, which also keeps the longest quiet time it has seen: what {@code stall} must stay above. */
abstract class PointRule implements Rule {
    final WatchPoint point;
    final PointCounters counters;
    final ThreadInspector inspector;
    final BeginWatch begins;
    /**
     * The longest time seen without a call beginning: for a progress point only while a call was in flight (idle
     * time is fine, and says nothing about the stall), for a heartbeat point whatever was in flight.
     */
    long longestQuietNanos;

    PointRule(WatchPoint point, PointCounters counters, ThreadInspector inspector, long nowNanos) {
        this.point = point;
        this.counters = counters;
        this.inspector = inspector;
        this.begins = new BeginWatch(counters, point.index(), nowNanos);
    }

    final WatchPoint point() {
        return point;
    }

    final long longestQuietNanos() {
        return longestQuietNanos;
    }

    @Override
    public final void paused(long nanos) {
        begins.paused(nanos);
    }
}
