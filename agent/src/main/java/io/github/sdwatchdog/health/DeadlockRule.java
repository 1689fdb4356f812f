package io.github.sdwatchdog.health;

import java.util.Arrays;

/**
 * Deadlocks, looked for every {@code deadlock-check}, at once when a point went quiet with a call in flight
 * (a deadlock may be why), and at every check while one lasts. A deadlock is unhealthy until it is gone.
 */
final class DeadlockRule implements Rule {
    private final ThreadInspector inspector;
    private final long intervalNanos;
    private long lastSearchNanos;
    private long[] deadlocked = new long[0];

    DeadlockRule(ThreadInspector inspector, long intervalNanos, long nowNanos) {
        this.inspector = inspector;
        this.intervalNanos = intervalNanos;
        this.lastSearchNanos = nowNanos;
    }

    @Override
    public void check(long nowNanos, Findings findings) {
        if (findings.stallSuspected || deadlocked.length > 0 || nowNanos - lastSearchNanos >= intervalNanos) {
            lastSearchNanos = nowNanos;
            long[] found = inspector.deadlockedThreads();
            Arrays.sort(found);
            if (found.length > 0 && !Arrays.equals(found, deadlocked)) {
                findings.report(inspector.describeDeadlock(found));
            } else if (found.length == 0 && deadlocked.length > 0) {
                findings.recovered("the deadlock is gone");
            }
            deadlocked = found;
        }
        if (deadlocked.length == 0) {
            findings.ok("deadlock", "none found");
        } else {
            findings.failing("deadlock", "deadlock among " + deadlocked.length + " threads");
        }
    }
}
