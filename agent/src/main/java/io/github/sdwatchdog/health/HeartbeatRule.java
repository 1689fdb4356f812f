package io.github.sdwatchdog.health;

import io.github.sdwatchdog.config.Durations;
import io.github.sdwatchdog.config.WatchPoint;

import java.time.Duration;

/**
 * A heartbeat point must begin at least once per its limit, whether or not a call is in flight: a loop
 * thread that died leaves its point quiet with nothing in flight, which a progress point would call idle.
 */
final class HeartbeatRule extends PointRule {
    private boolean missed;

    HeartbeatRule(WatchPoint point, PointCounters counters, ThreadInspector inspector, long nowNanos) {
        super(point, counters, inspector, nowNanos);
    }

    @Override
    public void check(long nowNanos, Findings findings) {
        String name = PointNames.check(point);
        if (begins.began(nowNanos)) {
            if (missed) {
                findings.recovered("heartbeat " + point + " beats again");
                missed = false;
            }
            findings.ok(name, "moving");
            return;
        }
        long quietNanos = begins.quietNanos(nowNanos);
        longestQuietNanos = Math.max(longestQuietNanos, quietNanos);
        if (quietNanos < point.limit().toNanos()) {
            findings.ok(name, "no call begun for " + Durations.tenths(quietNanos) + " (limit "
                    + Durations.format(point.limit()) + ")");
            return;
        }
        if (!missed) {
            findings.report(inspector.describeMissedHeartbeat(point, Duration.ofNanos(quietNanos),
                    LastThreads.of(counters, point, null)));
            missed = true;
        }
        findings.failing(name, "heartbeat " + point + " has not begun for " + Durations.tenths(quietNanos)
                + " (heartbeat every " + Durations.format(point.limit()) + ")");
    }
}
