package io.github.sdwatchdog.watchdog;

import io.github.sdwatchdog.bridge.WatchdogBridge;
import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.log.AgentLog;
import io.github.sdwatchdog.ports.PortReadiness;

import java.io.IOException;

/**
 * {@code ready=listen:}: polls this process's sockets every {@link #POLL_NANOS} (or ten polls' cost, if more)
 * until every port listens, then latches READY through the bridge, as a returning ready method would (the
 * probes and the target watch follow that latch). Polling, since no event says a socket started listening.
 */
final class ReadyPortWait implements ReadyWait {
    /** A poll of the process's fds costs microseconds; every 5 ms keeps READY within ~5 ms of the port listening. */
    static final long POLL_NANOS = 5_000_000L;

    private final AgentConfig config;
    private final SystemdLink link;
    private final Lifecycle lifecycle;
    private final Runnable nativeLayer;

    /** @param nativeLayer waits for the native layer the socket calls need (loaded for this from premain) */
    ReadyPortWait(AgentConfig config, SystemdLink link, Lifecycle lifecycle, Runnable nativeLayer) {
        this.config = config;
        this.link = link;
        this.lifecycle = lifecycle;
        this.nativeLayer = nativeLayer;
    }

    @Override
    public String readyEvent() {
        return PortReadiness.describe(config.readyPorts()) + (config.readyPorts().size() == 1 ? " listens" : " listen");
    }

    @Override
    public boolean await() {
        if (!link.systemdExpected()) {
            nativeLayer.run(); // with systemd, opening the link waited for it already
        }
        PortReadiness ports = new PortReadiness(config.readyPorts());
        String said = null;
        while (!lifecycle.isStopping()) {
            boolean ready;
            try {
                ready = ports.poll();
            } catch (IOException | RuntimeException e) {
                AgentLog.error("cannot read this process's sockets (" + e + "), so ready=" + config.readyDescription()
                        + " cannot send READY=1; the unit stays activating until TimeoutStartSec=");
                return waitForStop();
            }
            if (ready) {
                AgentLog.info(readyEvent() + " (" + ports.pollCost() + ")");
                WatchdogBridge.startupReturned();
                return !lifecycle.isStopping();
            }
            String status = "starting: waiting for " + PortReadiness.describe(ports.waitingFor()) + " to listen";
            if (!status.equals(said)) {
                said = status;
                link.send("STATUS=" + status);
            }
            Lifecycle.pause(this, ports.nextPollNanos(POLL_NANOS));
        }
        return false;
    }

    /** READY can never come: wait for the JVM to stop, as a ready method that never returns would. */
    private boolean waitForStop() {
        while (!lifecycle.isStopping()) {
            Lifecycle.pause(this, Long.MAX_VALUE);
        }
        return false;
    }
}
