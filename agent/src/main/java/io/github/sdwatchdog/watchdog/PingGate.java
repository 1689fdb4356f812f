package io.github.sdwatchdog.watchdog;

/**
 * Whether a {@code WATCHDOG=1} may go out now: the latest verdict must be healthy and fresh. A ping
 * says "a check completed recently and found the service healthy"; if checks stop completing (the
 * check itself hangs), the verdict grows stale and the pings stop, as they would for a hang.
 */
final class PingGate {
    private final long staleAfterNanos;
    private boolean stale;

    PingGate(long checkPeriodNanos) {
        this.staleAfterNanos = Math.max(2_000_000_000L, 4 * checkPeriodNanos);
    }

    long staleAfterNanos() {
        return staleAfterNanos;
    }

    /** Decides for the ping due at {@code now}; {@code onChange} hears when freshness flips, once per flip. */
    boolean mayPing(boolean healthy, long verdictCompletedAtNanos, long now, FreshnessListener onChange) {
        boolean fresh = now - verdictCompletedAtNanos < staleAfterNanos;
        if (fresh == stale) {
            stale = !fresh;
            onChange.freshnessChanged(fresh, now - verdictCompletedAtNanos);
        }
        return healthy && fresh;
    }

    interface FreshnessListener {
        void freshnessChanged(boolean fresh, long verdictAgeNanos);
    }
}
