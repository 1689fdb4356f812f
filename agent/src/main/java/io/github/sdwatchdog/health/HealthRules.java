package io.github.sdwatchdog.health;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.Durations;
import io.github.sdwatchdog.config.WatchPoint;
import io.github.sdwatchdog.log.AgentLog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Decides, at each check, whether the service is healthy, by running each rule: one per progress point
 * ({@link ProgressRule}) and heartbeat point ({@link HeartbeatRule}), then the GC ({@link GcSpiralRule}), then
 * the deadlock search ({@link DeadlockRule}). Points are judged from the instrumentation's counters alone, so a check costs
 * O(points x stripes) whatever the number of threads.
 *
 * <p>If a check runs far later than scheduled, the whole JVM was paused (SIGSTOP, a long GC, a suspended
 * host); the pause is taken off every point's quiet time rather than blamed on the application.
 */
public final class HealthRules {
    private final List<WatchPoint> points;
    private final List<Rule> rules = new ArrayList<>();
    private final LongSupplier nanoClock;
    private final long checkPeriodNanos;
    private final boolean deadlockSearch;
    private final String consequence;
    private long lastCheckNanos;
    private String lastPauseNote;
    private boolean previousCheckLate;
    private final QuietRecords quiet;
    private final boolean observing;

    public HealthRules(AgentConfig config, PointCounters counters, ThreadInspector inspector,
                       LongSupplier nanoClock, Duration checkPeriod) {
        this(config, counters, inspector, config.gcSpiral().isPresent() ? thisJvmsGc() : null, nanoClock, checkPeriod);
    }

    /** With {@code gc} null, the GC is not judged. */
    HealthRules(AgentConfig config, PointCounters counters, ThreadInspector inspector, GcReadings gc,
                LongSupplier nanoClock, Duration checkPeriod) {
        this.points = config.watchPoints();
        this.nanoClock = nanoClock;
        this.checkPeriodNanos = checkPeriod.toNanos();
        this.consequence = consequence(config);
        long now = nanoClock.getAsLong();
        List<PointRule> pointRules = new ArrayList<>();
        for (WatchPoint point : points) {
            pointRules.add(point.kind() == WatchPoint.Kind.HEARTBEAT ? new HeartbeatRule(point, counters, inspector, now)
                    : new ProgressRule(point, counters, inspector, now));
        }
        rules.addAll(pointRules);
        this.quiet = new QuietRecords(pointRules);
        this.observing = config.onUnhealthy() == AgentConfig.OnUnhealthy.LOG;
        if (gc != null && config.gcSpiral().isPresent()) {
            rules.add(new GcSpiralRule(config.gcSpiral().get(), gc, now));
        }
        this.deadlockSearch = config.deadlockCheck().isPresent();
        if (deadlockSearch) {
            rules.add(new DeadlockRule(inspector, config.deadlockCheck().get().toNanos(), now)); // last: it reads stallSuspected
        }
        lastCheckNanos = now;
    }

    /** What the status says an unhealthy verdict does; in observe mode, what withhold would have done. */
    private static String consequence(AgentConfig config) {
        switch (config.onUnhealthy()) {
            case TRIGGER: return "; watchdog pings withheld, systemd told to act now (WATCHDOG=trigger)";
            case EXIT: return "; the JVM exits with status " + config.exitStatus() + " if this holds";
            case LOG: return "; observe mode (on-unhealthy=log): nothing done, pings go on; withhold would stop them";
            default: return "; watchdog pings withheld";
        }
    }

    private static GcReadings thisJvmsGc() {
        try {
            return new JmxGcReadings();
        } catch (RuntimeException | LinkageError e) {
            AgentLog.warn("cannot read this JVM's collectors (" + e + "), so gc-spiral is not judged");
            return null;
        }
    }

    /**
     * How often to check: at least every ping interval, a quarter of every point's limit, every
     * deadlock-check, and every 250 ms. A check costs microseconds (counters only), and each check period
     * adds to the time a hang takes to be seen (the begin that ended progress is seen at a check too).
     */
    public static Duration checkPeriod(AgentConfig config, Duration pingInterval) {
        Duration period = min(pingInterval, Duration.ofMillis(250));
        for (WatchPoint point : config.watchPoints()) {
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
        takeOffPause(now);
        Findings findings = new Findings();
        for (Rule rule : rules) {
            rule.check(now, findings);
        }
        boolean healthy = findings.problems.isEmpty();
        String status = healthy ? "healthy: " + (points.isEmpty() ? "no progress points" : points.size() == 1
                ? points.get(0) + " moving or idle" : points.size() + " points moving or idle")
                + (deadlockSearch ? ", no deadlock" : "")
                : "UNHEALTHY: " + String.join("; ", findings.problems) + consequence;
        if (!findings.reports.isEmpty() && quiet.summary() != null) {
            findings.report(quiet.summary());
        }
        return new Health(healthy, findings.checks, status,
                findings.reports.isEmpty() ? null : String.join("\n", findings.reports),
                findings.recoveries.isEmpty() ? null : String.join("; ", findings.recoveries),
                observing ? quiet.grown() : null);
    }

    /**
     * One late check is a pause of the whole JVM. Late check after late check is a starved watchdog thread,
     * and shifting every time would hide a spinning service for ever, so only the first shifts.
     */
    private void takeOffPause(long now) {
        long late = now - lastCheckNanos - checkPeriodNanos;
        boolean isLate = late > Math.max(checkPeriodNanos, 1_000_000_000L);
        if (isLate && !previousCheckLate) {
            for (Rule rule : rules) {
                rule.paused(late);
            }
            lastPauseNote = "this check ran " + Durations.format(Duration.ofMillis(late / 1_000_000))
                    + " late: the JVM was paused; the pause does not count as a stall";
        }
        previousCheckLate = isLate;
        lastCheckNanos = now;
    }
}
