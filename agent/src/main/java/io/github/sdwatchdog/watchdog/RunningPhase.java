package io.github.sdwatchdog.watchdog;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.Durations;
import io.github.sdwatchdog.health.BridgeCounters;
import io.github.sdwatchdog.health.HealthRules;
import io.github.sdwatchdog.health.JmxThreadInspector;
import io.github.sdwatchdog.log.AgentLog;

import java.time.Duration;

/**
 * After READY: checks run on their own thread ({@link CheckerThread}); this phase, on the watchdog thread,
 * schedules {@code WATCHDOG=1} every ping interval while the latest verdict is healthy and fresh
 * ({@link PingGate}), says each verdict ({@link VerdictReporter}) and, with {@code on-unhealthy=exit}, halts
 * the JVM once an unhealthy verdict holds ({@link UnhealthyExit}). A ping withheld for a stale verdict (the
 * whole JVM was paused) goes out as soon as a fresh check says healthy, not a whole interval later. In observe
 * mode ({@code on-unhealthy=log}) every ping goes out on schedule: verdicts and staleness are said, never acted on.
 */
final class RunningPhase {
    private final AgentConfig config;
    private final SystemdLink link;
    private final LiveState state;
    private final Lifecycle lifecycle;
    private final WatchdogSettings settings;
    private final boolean observing;

    RunningPhase(AgentConfig config, SystemdLink link, LiveState state, Lifecycle lifecycle, WatchdogSettings settings) {
        this.config = config;
        this.link = link;
        this.state = state;
        this.lifecycle = lifecycle;
        this.settings = settings;
        this.observing = config.onUnhealthy() == AgentConfig.OnUnhealthy.LOG;
    }

    void run(JmxThreadInspector inspector) {
        boolean pinging = settings.enabled() && link.connected();
        Duration pingInterval = settings.enabled() ? settings.pingInterval() : Duration.ofDays(1);
        Duration checkPeriod = HealthRules.checkPeriod(config, pingInterval);
        CheckerThread checker = new CheckerThread(new HealthRules(config, new BridgeCounters(), inspector,
                System::nanoTime, checkPeriod), checkPeriod, Thread.currentThread());
        checker.start();
        UnhealthyExit exit = config.onUnhealthy() == AgentConfig.OnUnhealthy.EXIT
                ? new UnhealthyExit(config.exitStatus(), checkPeriod.toNanos()) : null;
        announce(pingInterval, checkPeriod, exit, inspector);
        PingGate gate = new PingGate(checkPeriod.toNanos());
        state.checking(checker, gate.staleAfterNanos());
        VerdictReporter reporter = new VerdictReporter(config, link, state, settings.enabled());
        try {
            schedule(checker, gate, reporter, exit, pinging, pingInterval.toNanos(), checkPeriod.toNanos());
        } finally {
            checker.stop();
        }
    }

    private void schedule(CheckerThread checker, PingGate gate, VerdictReporter reporter, UnhealthyExit exit,
                          boolean pinging, long pingNanos, long checkNanos) {
        long nextPing = System.nanoTime();
        while (!lifecycle.isStopping()) {
            for (Verdict verdict = checker.pollNews(); verdict != null; verdict = checker.pollNews()) {
                if (reporter.say(verdict)) {
                    nextPing = System.nanoTime();
                }
            }
            Verdict latest = checker.latest();
            long now = System.nanoTime();
            if (exit != null && latest != null && exit.confirmed(reporter.healthy(), latest.completedAtNanos)) {
                exit.halt(latest.health.status());
            }
            boolean withheldForAge = false;
            if (latest != null && now - nextPing >= 0) {
                if (pinging && (gate.mayPing(reporter.healthy(), latest.completedAtNanos, now, freshness) || observing)) {
                    link.send("WATCHDOG=1");
                    nextPing = now + pingNanos;
                } else if (pinging && reporter.healthy()) {
                    withheldForAge = true; // due still: the next fresh check sends it
                } else {
                    nextPing = now + pingNanos;
                }
            }
            checker.wakeLoopAtEachCheck(withheldForAge);
            // Wake for the next ping, and at least once a check period to follow the verdict; before the
            // first verdict, the checker's news wakes the loop. Never a wait of zero: that would spin.
            long untilPing = nextPing - System.nanoTime();
            Lifecycle.pause(this, latest == null || untilPing <= 0 ? checkNanos : Math.min(untilPing, checkNanos));
        }
    }

    private final PingGate.FreshnessListener freshness = new PingGate.FreshnessListener() {
        @Override
        public void freshnessChanged(boolean fresh, long verdictAgeNanos) {
            if (fresh) {
                AgentLog.info("health checks complete again" + (observing ? "" : "; WATCHDOG=1 pings resume"));
            } else {
                AgentLog.error("no health check has completed for " + verdictAgeNanos / 1_000_000 + " ms; "
                        + (observing ? "observe mode (on-unhealthy=log): pings go on; withhold would stop them"
                        : "WATCHDOG=1 pings stop until one does"));
            }
        }
    };

    /** Says once what the watchdog will do: ping, or not and why, or run without systemd. */
    private void announce(Duration pingInterval, Duration checkPeriod, UnhealthyExit exit, JmxThreadInspector inspector) {
        String exits = exit != null ? "; an unhealthy verdict that holds " + exit.confirmNanos() / 1_000_000
                + " ms halts the JVM with status " + config.exitStatus() : "";
        if (!link.connected()) {
            AgentLog.info((link.systemdExpected() ? "systemd cannot be reached" : "no systemd") + ": checks every "
                    + Durations.format(checkPeriod) + exits);
        } else if (settings.enabled()) {
            AgentLog.info("watchdog on: WatchdogSec=" + Durations.format(settings.timeout()) + ", pinging every "
                    + Durations.format(pingInterval) + (observing ? " whatever the verdict (observe mode, on-unhealthy=log:"
                    + " verdicts are said, never acted on)" : " while healthy") + "; checks every "
                    + Durations.format(checkPeriod) + exits);
        } else {
            AgentLog.warn(settings.reasonOff());
        }
        if (inspector.virtualThreadsUnavailable() != null && Runtime.version().feature() >= 21) {
            AgentLog.info(inspector.virtualThreadsUnavailable() + "; deadlocks among virtual threads will not be found");
        }
    }
}
