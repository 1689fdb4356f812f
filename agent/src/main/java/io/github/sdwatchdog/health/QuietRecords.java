package io.github.sdwatchdog.health;

import io.github.sdwatchdog.config.Durations;
import io.github.sdwatchdog.config.WatchPoint;

import java.util.List;

/**
 * The longest quiet time each point has seen, said so that {@code stall} (or a heartbeat's period) can be set above
 * it: in every problem report, and in observe mode each time a record grows by a quarter (from 1 s), so the journal
 * of a week in observe mode holds a handful of lines per point, the last one the figure to beat.
 */
final class QuietRecords {
    private static final long WORTH_SAYING_NANOS = 1_000_000_000L;

    private final List<PointRule> rules;
    private final long[] said;

    QuietRecords(List<PointRule> rules) {
        this.rules = rules;
        this.said = new long[rules.size()];
    }

    /** One line for a report: each point's longest quiet time and its limit; null without points. */
    String summary() {
        if (rules.isEmpty()) {
            return null;
        }
        StringBuilder line = new StringBuilder("Longest quiet time seen per point (set its limit above it): ");
        for (int i = 0; i < rules.size(); i++) {
            WatchPoint point = rules.get(i).point();
            line.append(i == 0 ? "" : ", ").append(point).append(' ')
                    .append(Durations.tenths(rules.get(i).longestQuietNanos())).append(limit(point));
        }
        return line.toString();
    }

    /** The records that grew by a quarter since last said (and are 1 s or more); null if none. */
    String grown() {
        StringBuilder lines = null;
        for (int i = 0; i < rules.size(); i++) {
            long longest = rules.get(i).longestQuietNanos();
            if (longest >= WORTH_SAYING_NANOS && longest >= said[i] + said[i] / 4) {
                said[i] = longest;
                WatchPoint point = rules.get(i).point();
                lines = lines == null ? new StringBuilder() : lines.append("; ");
                lines.append(point).append(" was quiet for ").append(Durations.tenths(longest))
                        .append(point.kind() == WatchPoint.Kind.PROGRESS ? " with a call in flight" : " between calls")
                        .append(", the longest yet").append(limit(point));
            }
        }
        return lines == null ? null : "observe mode: " + lines;
    }

    private static String limit(WatchPoint point) {
        return point.kind() == WatchPoint.Kind.PROGRESS ? " (stall=" + Durations.format(point.limit()) + ")"
                : " (heartbeat every " + Durations.format(point.limit()) + ")";
    }
}
