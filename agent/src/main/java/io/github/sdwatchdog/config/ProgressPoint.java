package io.github.sdwatchdog.config;

import java.time.Duration;

/** A configured progress method, its counter slot and the quiet time after which it counts as stuck. */
public final class ProgressPoint {
    private final int index;
    private final MethodRef method;
    private final Duration stall;

    public ProgressPoint(int index, MethodRef method, Duration stall) {
        this.index = index;
        this.method = method;
        this.stall = stall;
    }

    public int index() {
        return index;
    }

    public MethodRef method() {
        return method;
    }

    public Duration stall() {
        return stall;
    }

    @Override
    public String toString() {
        return method.toString();
    }
}
