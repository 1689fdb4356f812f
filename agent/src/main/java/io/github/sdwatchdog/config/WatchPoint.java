package io.github.sdwatchdog.config;

import java.time.Duration;

/**
 * A watched method, its counter slot and its time limit. A progress point is stuck when a call is in
 * flight and none has begun for {@link #limit()}; a heartbeat point fails when none has begun for its limit.
 */
public final class WatchPoint {
    public enum Kind {
        /** Work-driven: idle is fine, a call in flight that makes no progress is not. */
        PROGRESS("progress"),
        /** Must tick: a call must begin at least once per limit, in flight or not. */
        HEARTBEAT("heartbeat");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        @Override
        public String toString() {
            return word;
        }
    }

    private final int index;
    private final Kind kind;
    private final MethodRef method;
    private final Duration limit;

    public WatchPoint(int index, Kind kind, MethodRef method, Duration limit) {
        this.index = index;
        this.kind = kind;
        this.method = method;
        this.limit = limit;
    }

    public int index() {
        return index;
    }

    public Kind kind() {
        return kind;
    }

    public MethodRef method() {
        return method;
    }

    /** Progress: the stall time. Heartbeat: the longest gap allowed between two calls beginning. */
    public Duration limit() {
        return limit;
    }

    @Override
    public String toString() {
        return method.toString();
    }
}
