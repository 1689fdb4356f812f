package io.github.sdwatchdog.watchdog;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.log.AgentLog;

/**
 * From the watchdog thread's start until READY: waits for the ready condition, saying what it waits for,
 * then makes sure {@code READY=1} went out, from whichever thread could send it first ({@link ReadySender}).
 */
final class StartupPhase {
    private final AgentConfig config;
    private final SystemdLink link;
    private final ReadySender readySender;
    private final Lifecycle lifecycle;
    private final ReadyWait wait;
    private final boolean watchdogEnabled;

    StartupPhase(AgentConfig config, SystemdLink link, ReadySender readySender, Lifecycle lifecycle, ReadyWait wait,
                 boolean watchdogEnabled) {
        this.config = config;
        this.link = link;
        this.readySender = readySender;
        this.lifecycle = lifecycle;
        this.wait = wait;
        this.watchdogEnabled = watchdogEnabled;
    }

    /** @return false if the JVM began to stop first */
    boolean run() {
        if (!wait.await()) {
            return false;
        }
        while (!sendReady()) {
            if (lifecycle.isStopping()) {
                return false;
            }
            Lifecycle.pause(this, 1_000_000_000L); // the transport has logged why; READY must not be lost
        }
        return true;
    }

    /** True once READY is out, or there is no systemd to send it to. */
    private boolean sendReady() {
        if (!link.connected()) {
            AgentLog.info("ready: " + wait.readyEvent() + (link.systemdExpected() ? " (systemd cannot be reached: "
                    : " (no systemd: ") + "/readyz and /startupz say so)");
            return true;
        }
        String status = "STATUS=ready; " + config.watchPoints().size() + " points watched";
        String sentBy = readySender.sentByOtherElseClaim();
        if (sentBy != null) {
            link.readySent();
            link.send(status);
            AgentLog.info("sent " + link.readyPrefix().replace('\n', ' ') + "READY=1 after " + wait.readyEvent()
                    + ", from " + sentBy);
            return true;
        }
        // The first ping rides with READY, as from ReadySender: the first check may wait for JMX to load.
        boolean sent = link.send(link.readyPrefix() + "READY=1\n" + (watchdogEnabled ? "WATCHDOG=1\n" : "") + status);
        readySender.claimedSendDone(sent);
        if (!sent) {
            return false;
        }
        link.readySent();
        AgentLog.info("sent " + link.readyPrefix().replace('\n', ' ') + "READY=1, "
                + String.format("%.1f ms", (System.nanoTime() - lifecycle.readyAtNanos()) / 1e6) + " after " + wait.readyEvent());
        return true;
    }
}
