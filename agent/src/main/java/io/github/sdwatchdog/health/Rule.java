package io.github.sdwatchdog.health;

/** One health rule, run at every check on the checker thread, with the check's time. */
interface Rule {
    void check(long nowNanos, Findings findings);

    /** The whole JVM was stopped this long before this check: time the application could not use. */
    default void paused(long nanos) {
    }
}
