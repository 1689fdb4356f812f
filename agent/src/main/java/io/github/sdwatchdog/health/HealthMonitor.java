package io.github.sdwatchdog.health;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.OptionsParser;
import io.github.sdwatchdog.config.ProgressPoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToLongFunction;
import java.util.function.LongSupplier;

/**
 * Decides, at each check, whether the service is healthy.
 *
 * <p>A progress point's counter changes whenever a call of its method begins. While it changes, the point
 * is moving. Once it has been quiet for the point's stall time, the threads' stacks are read once: no
 * thread inside the method means idle (healthy, and it stays idle until the counter moves again); a thread
 * inside means stuck. A stuck point is re-read at each check, so a call that finally ends, normally or by
 * exception, counts as recovered. Deadlocks are looked for every {@code deadlock-check}, and at once when
 * a point goes quiet.
 *
 * <p>If a check runs far later than scheduled, the whole JVM was paused (SIGSTOP, a long GC, a suspended
 * host); the pause is taken off every point's quiet time rather than blamed on the application.
 */
public final class HealthMonitor {
    private enum PointState { MOVING, IDLE, STUCK }

    private final List<ProgressPoint> points;
    private final IntToLongFunction counters;
    private final ThreadInspector inspector;
    private final LongSupplier nanoClock;
    private final long checkPeriodNanos;
    private final long deadlockCheckNanos; // 0 = off
    private final AgentConfig.OnUnhealthy onUnhealthy;

    private final long[] lastCount;
    private final long[] lastChangeNanos;
    private final PointState[] state;
    private long lastCheckNanos;
    private long lastDeadlockCheckNanos;
    private long[] deadlocked = new long[0];
    private String lastPauseNote;
    private boolean previousCheckLate;

    public HealthMonitor(AgentConfig config, IntToLongFunction counters, ThreadInspector inspector,
                         LongSupplier nanoClock, Duration checkPeriod) {
        this.points = config.progressPoints();
        this.onUnhealthy = config.onUnhealthy();
        this.counters = counters;
        this.inspector = inspector;
        this.nanoClock = nanoClock;
        this.checkPeriodNanos = checkPeriod.toNanos();
        this.deadlockCheckNanos = config.deadlockCheck().map(Duration::toNanos).orElse(0L);
        int n = points.size();
        lastCount = new long[n];
        lastChangeNanos = new long[n];
        state = new PointState[n];
        long now = nanoClock.getAsLong();
        for (int i = 0; i < n; i++) {
            lastCount[i] = counters.applyAsLong(points.get(i).index());
            lastChangeNanos[i] = now;
            state[i] = PointState.MOVING;
        }
        lastCheckNanos = now;
        lastDeadlockCheckNanos = now;
    }

    /** How often the watchdog should call {@link #check()} for timely detection. */
    public static Duration checkPeriod(AgentConfig config, Duration pingInterval) {
        Duration period = pingInterval;
        for (ProgressPoint point : config.progressPoints()) {
            period = min(period, point.stall().dividedBy(2));
        }
        if (config.deadlockCheck().isPresent()) {
            period = min(period, config.deadlockCheck().get());
        }
        return period.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : period;
    }

    /** Tenths of a second: the quiet time as measured, not rounded to the check period the user never set. */
    private static String seconds(Duration quiet) {
        long tenths = quiet.toMillis() / 100;
        return tenths / 10 + "." + tenths % 10 + "s";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A note about a pause found at the last check, once; else null. */
    public String takePauseNote() {
        String note = lastPauseNote;
        lastPauseNote = null;
        return note;
    }

    public Health check() {
        long now = nanoClock.getAsLong();
        long late = now - lastCheckNanos - checkPeriodNanos;
        boolean isLate = late > Math.max(checkPeriodNanos, 1_000_000_000L);
        // One late check is a pause of the whole JVM. Late check after late check is a starved watchdog
        // thread, and shifting every time would hide a spinning service for ever, so only the first shifts.
        if (isLate && !previousCheckLate) {
            for (int i = 0; i < lastChangeNanos.length; i++) {
                lastChangeNanos[i] += late;
            }
            lastPauseNote = "this check ran " + OptionsParser.format(Duration.ofMillis(late / 1_000_000))
                    + " late: the JVM was paused; the pause does not count as a stall";
        }
        previousCheckLate = isLate;
        lastCheckNanos = now;

        List<String> reports = new ArrayList<>();
        List<String> recoveries = new ArrayList<>();
        List<String> stuck = new ArrayList<>();
        boolean stallSuspected = false;
        for (int i = 0; i < points.size(); i++) {
            ProgressPoint point = points.get(i);
            long count = counters.applyAsLong(point.index());
            if (count != lastCount[i]) {
                lastCount[i] = count;
                lastChangeNanos[i] = now;
                if (state[i] == PointState.STUCK) {
                    recoveries.add(point + " makes progress again");
                }
                state[i] = PointState.MOVING;
                continue;
            }
            long quietNanos = now - lastChangeNanos[i];
            if (state[i] == PointState.IDLE || (state[i] == PointState.MOVING && quietNanos < point.stall().toNanos())) {
                continue;
            }
            stallSuspected = true;
            long[] inside = inspector.threadsInside(point);
            Duration quiet = Duration.ofNanos(quietNanos);
            if (inside.length == 0) {
                if (state[i] == PointState.STUCK) {
                    recoveries.add(point + " has no call in flight any more");
                }
                state[i] = PointState.IDLE;
            } else {
                if (state[i] != PointState.STUCK) {
                    reports.add(inspector.describeStall(point, quiet, inside));
                }
                state[i] = PointState.STUCK;
                stuck.add(point + " stuck: no call begun for " + seconds(quiet) + " (stall=" + OptionsParser.format(point.stall()) + ")");
            }
        }

        if (deadlockCheckNanos > 0 && (stallSuspected || deadlocked.length > 0
                || now - lastDeadlockCheckNanos >= deadlockCheckNanos)) {
            lastDeadlockCheckNanos = now;
            long[] found = inspector.deadlockedThreads();
            Arrays.sort(found);
            if (found.length > 0 && !Arrays.equals(found, deadlocked)) {
                reports.add(inspector.describeDeadlock(found));
            } else if (found.length == 0 && deadlocked.length > 0) {
                recoveries.add("the deadlock is gone");
            }
            deadlocked = found;
        }

        boolean healthy = stuck.isEmpty() && deadlocked.length == 0;
        String status;
        if (healthy) {
            status = "healthy: " + (points.isEmpty() ? "no progress points" : points.size() == 1
                    ? points.get(0) + " moving or idle" : points.size() + " progress points moving or idle")
                    + (deadlockCheckNanos > 0 ? ", no deadlock" : "");
        } else {
            List<String> problems = new ArrayList<>(stuck);
            if (deadlocked.length > 0) {
                problems.add("deadlock among " + deadlocked.length + " threads");
            }
            status = "UNHEALTHY: " + String.join("; ", problems) + (onUnhealthy == AgentConfig.OnUnhealthy.TRIGGER
                    ? "; watchdog pings withheld, systemd told to act now (WATCHDOG=trigger)" : "; watchdog pings withheld");
        }
        return new Health(healthy, status, reports.isEmpty() ? null : String.join("\n", reports),
                recoveries.isEmpty() ? null : String.join("; ", recoveries));
    }
}
