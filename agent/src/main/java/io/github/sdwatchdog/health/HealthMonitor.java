package io.github.sdwatchdog.health;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.OptionsParser;
import io.github.sdwatchdog.config.ProgressPoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Decides, at each check, whether the service is healthy, from the instrumentation's counters alone:
 * a check costs O(points x stripes) whatever the number of threads.
 *
 * <p>A progress point is moving while calls begin. Once none has begun for its stall, the counters say
 * whether a call is in flight: none means idle (healthy, and it stays idle until a call begins); some
 * means stuck, once the threads on those stripes confirm it with a frame of the method on their stack.
 * That read covers only the threads whose ids fall on the suspect stripes and the last thread seen there
 * (which finds virtual threads), and it guards against increments lost when two threads share a stripe:
 * a count with no thread behind it is taken as skew and subtracted from then on. A stuck point is
 * re-confirmed at each check, so a call that ends, normally or by exception, recovers.
 *
 * <p>A heartbeat point must begin at least once per its limit, whatever is in flight.
 *
 * <p>Deadlocks are looked for every {@code deadlock-check}, and at once when a point goes quiet with a
 * call in flight.
 *
 * <p>If a check runs far later than scheduled, the whole JVM was paused (SIGSTOP, a long GC, a suspended
 * host); the pause is taken off every point's quiet time rather than blamed on the application.
 */
public final class HealthMonitor {
    private enum PointState { MOVING, IDLE, STUCK, MISSED }

    private final List<ProgressPoint> points;
    private final PointCounters counters;
    private final ThreadInspector inspector;
    private final LongSupplier nanoClock;
    private final long checkPeriodNanos;
    private final long deadlockCheckNanos; // 0 = off
    private final String consequence;

    private final long[] lastBegun;
    private final long[] lastChangeNanos;
    private final PointState[] state;
    private final long[][] skew; // per point and stripe: begun - ended that is no call in flight
    private final long[] inFlight;
    private long lastCheckNanos;
    private long lastDeadlockCheckNanos;
    private long[] deadlocked = new long[0];
    private String lastPauseNote;
    private boolean previousCheckLate;

    public HealthMonitor(AgentConfig config, PointCounters counters, ThreadInspector inspector,
                         LongSupplier nanoClock, Duration checkPeriod) {
        this.points = config.progressPoints();
        this.counters = counters;
        this.inspector = inspector;
        this.nanoClock = nanoClock;
        this.checkPeriodNanos = checkPeriod.toNanos();
        this.deadlockCheckNanos = config.deadlockCheck().map(Duration::toNanos).orElse(0L);
        this.consequence = config.onUnhealthy() == AgentConfig.OnUnhealthy.TRIGGER
                ? "; watchdog pings withheld, systemd told to act now (WATCHDOG=trigger)"
                : config.onUnhealthy() == AgentConfig.OnUnhealthy.EXIT ? "; the JVM exits with status " + config.exitStatus()
                + " if this holds" : "; watchdog pings withheld";
        int n = points.size();
        lastBegun = new long[n];
        lastChangeNanos = new long[n];
        state = new PointState[n];
        skew = new long[n][];
        inFlight = new long[counters.stripes()];
        long now = nanoClock.getAsLong();
        for (int i = 0; i < n; i++) {
            lastBegun[i] = counters.begun(points.get(i).index());
            lastChangeNanos[i] = now;
            state[i] = PointState.MOVING;
            skew[i] = new long[counters.stripes()];
        }
        lastCheckNanos = now;
        lastDeadlockCheckNanos = now;
    }

    /**
     * How often to check: at least every ping interval, a quarter of every point's limit, every
     * deadlock-check, and every 250 ms. A check costs microseconds (counters only), and each check period
     * adds to the time a hang takes to be seen (the begin that ended progress is seen at a check too).
     */
    public static Duration checkPeriod(AgentConfig config, Duration pingInterval) {
        Duration period = min(pingInterval, Duration.ofMillis(250));
        for (ProgressPoint point : config.progressPoints()) {
            period = min(period, point.limit().dividedBy(4));
        }
        if (config.deadlockCheck().isPresent()) {
            period = min(period, config.deadlockCheck().get());
        }
        return period.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : period;
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
        List<String> problems = new ArrayList<>();
        List<Health.Check> checks = new ArrayList<>();
        boolean stallSuspected = false;
        for (int i = 0; i < points.size(); i++) {
            ProgressPoint point = points.get(i);
            long begun = counters.begun(point.index());
            if (begun != lastBegun[i]) {
                lastBegun[i] = begun;
                lastChangeNanos[i] = now;
                if (state[i] == PointState.STUCK) {
                    recoveries.add(point + " makes progress again");
                } else if (state[i] == PointState.MISSED) {
                    recoveries.add("heartbeat " + point + " beats again");
                }
                state[i] = PointState.MOVING;
                checks.add(new Health.Check(checkName(point), true, "moving"));
                continue;
            }
            long quietNanos = now - lastChangeNanos[i];
            if (quietNanos < point.limit().toNanos() || state[i] == PointState.IDLE) {
                checks.add(new Health.Check(checkName(point), true, state[i] == PointState.IDLE ? "idle: no call in flight"
                        : "no call begun for " + seconds(quietNanos) + " (limit " + OptionsParser.format(point.limit()) + ")"));
                continue;
            }
            if (point.kind() == ProgressPoint.Kind.HEARTBEAT) {
                if (state[i] != PointState.MISSED) {
                    reports.add(inspector.describeMissedHeartbeat(point, Duration.ofNanos(quietNanos), lastThreads(point, null)));
                    state[i] = PointState.MISSED;
                }
                String problem = "heartbeat " + point + " has not begun for " + seconds(quietNanos) + " (heartbeat every "
                        + OptionsParser.format(point.limit()) + ")";
                problems.add(problem);
                checks.add(new Health.Check(checkName(point), false, problem));
                continue;
            }
            stallSuspected = true;
            long[] inside = confirmedInside(i, point, begun);
            if (inside == null) {
                checks.add(new Health.Check(checkName(point), true, "moving"));
                continue; // a call began while the threads were read: the next check sees it move
            }
            if (inside.length == 0) {
                if (state[i] == PointState.STUCK) {
                    recoveries.add(point + " has no call in flight any more");
                }
                state[i] = PointState.IDLE;
                checks.add(new Health.Check(checkName(point), true, "idle: no call in flight"));
                continue;
            }
            if (state[i] != PointState.STUCK) {
                reports.add(inspector.describeStall(point, Duration.ofNanos(quietNanos), inside));
                state[i] = PointState.STUCK;
            }
            String problem = point + " stuck: no call begun for " + seconds(quietNanos) + " (stall="
                    + OptionsParser.format(point.limit()) + ")";
            problems.add(problem);
            checks.add(new Health.Check(checkName(point), false, problem));
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
        if (deadlocked.length > 0) {
            problems.add("deadlock among " + deadlocked.length + " threads");
        }
        if (deadlockCheckNanos > 0) {
            checks.add(new Health.Check("deadlock", deadlocked.length == 0, deadlocked.length == 0 ? "none found"
                    : "deadlock among " + deadlocked.length + " threads"));
        }

        boolean healthy = problems.isEmpty();
        String status;
        if (healthy) {
            status = "healthy: " + (points.isEmpty() ? "no progress points" : points.size() == 1
                    ? points.get(0) + " moving or idle" : points.size() + " points moving or idle")
                    + (deadlockCheckNanos > 0 ? ", no deadlock" : "");
        } else {
            status = "UNHEALTHY: " + String.join("; ", problems) + consequence;
        }
        return new Health(healthy, checks, status, reports.isEmpty() ? null : String.join("\n", reports),
                recoveries.isEmpty() ? null : String.join("; ", recoveries));
    }

    /**
     * The threads inside a quiet point, confirmed on their stacks; empty when the counters show no call
     * in flight; null when a call began meanwhile. Counts that no thread confirms become skew.
     */
    private long[] confirmedInside(int i, ProgressPoint point, long begunBefore) {
        int[] suspects = suspectStripes(i, point);
        if (suspects.length == 0) {
            return new long[0];
        }
        long[] inside = inspector.threadsInside(point, suspects, lastThreads(point, suspects));
        if (counters.begun(point.index()) != begunBefore) {
            return null;
        }
        // Read again after the stacks: a call that ended meanwhile is gone from both, so is not skew.
        counters.inFlight(point.index(), inFlight);
        boolean[] confirmed = new boolean[counters.stripes()];
        for (long id : inside) {
            confirmed[counters.stripeOf(id)] = true;
        }
        for (int stripe : suspects) {
            if (!confirmed[stripe] && inFlight[stripe] > skew[i][stripe]) {
                skew[i][stripe] = inFlight[stripe];
            }
        }
        return inside;
    }

    /** Stripes with a call in flight beyond their skew. A count below the skew is a lost begin: new skew. */
    private int[] suspectStripes(int i, ProgressPoint point) {
        counters.inFlight(point.index(), inFlight);
        int[] suspects = new int[8];
        int n = 0;
        for (int stripe = 0; stripe < inFlight.length; stripe++) {
            long calls = inFlight[stripe] - skew[i][stripe];
            if (calls < 0) {
                skew[i][stripe] = inFlight[stripe];
            } else if (calls > 0) {
                if (n == suspects.length) {
                    suspects = Arrays.copyOf(suspects, n * 2);
                }
                suspects[n++] = stripe;
            }
        }
        return Arrays.copyOf(suspects, n);
    }

    /** The distinct last threads that began the point, on the given stripes or on all of them. */
    private List<Thread> lastThreads(ProgressPoint point, int[] stripes) {
        Set<Thread> threads = new LinkedHashSet<>();
        int n = stripes == null ? counters.stripes() : stripes.length;
        for (int k = 0; k < n; k++) {
            Thread thread = counters.lastThread(point.index(), stripes == null ? k : stripes[k]);
            if (thread != null) {
                threads.add(thread);
            }
        }
        return new ArrayList<>(threads);
    }

    private static String checkName(ProgressPoint point) {
        return point.kind() + ":" + point;
    }

    /** Tenths of a second: the quiet time as measured, not rounded to the check period the user never set. */
    private static String seconds(long nanos) {
        long tenths = nanos / 100_000_000L;
        return tenths / 10 + "." + tenths % 10 + "s";
    }
}
