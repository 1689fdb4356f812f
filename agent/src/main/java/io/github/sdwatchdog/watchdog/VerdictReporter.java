package io.github.sdwatchdog.watchdog;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.health.Health;
import io.github.sdwatchdog.log.AgentLog;

/**
 * Says what each check with news found: the report to the journal at error priority, {@code STATUS=} when
 * the verdict changes (with {@code WATCHDOG=trigger} under {@code on-unhealthy=trigger}), the recovery, a
 * pause, a note. In observe mode ({@code on-unhealthy=log}) it says the same, since the status itself says
 * that nothing is done. Runs on the watchdog thread.
 */
final class VerdictReporter {
    private final AgentConfig config;
    private final SystemdLink link;
    private final LiveState state;
    private final boolean watchdogEnabled;
    private boolean healthy = true;
    private boolean firstSaid;

    VerdictReporter(AgentConfig config, SystemdLink link, LiveState state, boolean watchdogEnabled) {
        this.config = config;
        this.link = link;
        this.state = state;
        this.watchdogEnabled = watchdogEnabled;
    }

    /** Whether the service was healthy at the last verdict said. */
    boolean healthy() {
        return healthy;
    }

    /** Logs and sends what a check found; returns true if it is a recovery to health. */
    boolean say(Verdict verdict) {
        Health health = verdict.health;
        if (verdict.pauseNote != null) {
            AgentLog.warn(verdict.pauseNote);
        }
        if (health.note() != null) {
            AgentLog.info(health.note());
        }
        if (health.newProblemReport() != null) {
            AgentLog.error(health.newProblemReport());
            state.reported(health.newProblemReport());
        }
        boolean recovered = !healthy && health.isHealthy();
        if (healthy && !health.isHealthy()) {
            AgentLog.error(health.status());
            boolean trigger = watchdogEnabled && config.onUnhealthy() == AgentConfig.OnUnhealthy.TRIGGER;
            link.send("STATUS=" + health.status() + (trigger ? "\nWATCHDOG=trigger" : ""));
        } else if (recovered) {
            AgentLog.info("recovered (" + health.recovery() + ")" + (config.onUnhealthy() == AgentConfig.OnUnhealthy.LOG
                    ? "" : "; WATCHDOG=1 pings resume"));
            link.send("STATUS=" + health.status());
        } else if (!firstSaid || (!health.isHealthy() && health.newProblemReport() != null)) {
            link.send("STATUS=" + health.status()); // the first verdict, or a further problem while unhealthy
        }
        firstSaid = true;
        healthy = health.isHealthy();
        return recovered;
    }
}
