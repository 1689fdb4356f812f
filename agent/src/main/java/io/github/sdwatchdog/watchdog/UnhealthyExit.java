package io.github.sdwatchdog.watchdog;

import io.github.sdwatchdog.log.AgentLog;

/**
 * {@code on-unhealthy=exit}: for supervisors that restart a process only when it exits. The JVM is
 * halted once the verdict has stayed unhealthy for the confirmation period, check after check, so a
 * blip never kills. {@code Runtime.halt} skips shutdown hooks: a hung service's hooks may hang too.
 */
final class UnhealthyExit {
    private final int status;
    private final long confirmNanos;
    private long unhealthySinceNanos = -1;

    UnhealthyExit(int status, long checkPeriodNanos) {
        this.status = status;
        this.confirmNanos = Math.max(1_000_000_000L, 2 * checkPeriodNanos);
    }

    long confirmNanos() {
        return confirmNanos;
    }

    /** Takes the latest verdict; returns true when the JVM must be halted now. */
    boolean confirmed(boolean healthy, long verdictAtNanos) {
        if (healthy) {
            unhealthySinceNanos = -1;
            return false;
        }
        if (unhealthySinceNanos < 0) {
            unhealthySinceNanos = verdictAtNanos;
        }
        return verdictAtNanos - unhealthySinceNanos >= confirmNanos;
    }

    void halt(String verdict) {
        haltNow(status, "the verdict held for " + confirmNanos / 1_000_000 + " ms (" + verdict + ")");
    }

    /** Halts the JVM at once, after one error line that says why. */
    static void haltNow(int status, String why) {
        AgentLog.error("on-unhealthy=exit: " + why + "; halting the JVM with exit status " + status);
        Runtime.getRuntime().halt(status);
    }
}
