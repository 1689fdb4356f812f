package io.github.sdwatchdog.health;

/** Whether calls of a point keep beginning, and for how long none has: what both point rules start from. */
final class BeginWatch {
    private final PointCounters counters;
    private final int point;
    private long lastBegun;
    private long lastChangeNanos;

    BeginWatch(PointCounters counters, int point, long nowNanos) {
        this.counters = counters;
        this.point = point;
        this.lastBegun = counters.begun(point);
        this.lastChangeNanos = nowNanos;
    }

    /** True if a call began since the last look; the quiet time then starts again. */
    boolean began(long nowNanos) {
        long begun = counters.begun(point);
        if (begun == lastBegun) {
            return false;
        }
        lastBegun = begun;
        lastChangeNanos = nowNanos;
        return true;
    }

    /** Calls begun at the last look. */
    long begun() {
        return lastBegun;
    }

    long quietNanos(long nowNanos) {
        return nowNanos - lastChangeNanos;
    }

    /** The whole JVM was stopped: the application could not begin a call meanwhile. */
    void paused(long nanos) {
        lastChangeNanos += nanos;
    }
}
