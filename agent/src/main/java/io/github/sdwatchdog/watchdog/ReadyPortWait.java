package io.github.sdwatchdog.watchdog;

import io.github.sdwatchdog.bridge.WatchdogBridge;
import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.log.AgentLog;
import io.github.sdwatchdog.ports.PortReadiness;

import java.io.IOException;

/**
 * {@code ready=listen:}: polls this process's listeners until every port listens, then latches READY through the
 * bridge, as a returning ready method would (the probes and the target watch follow that latch). Polling, since no
 * event says a socket started listening. The pause starts at {@link #FIRST_POLL_NANOS} (a quick bind gets a quick
 * READY) and grows by half at each poll to {@link #POLL_NANOS}: a poll is cheap, but each wakes the thread on caches
 * the service has cooled, so a long startup must not cost hundreds of wakeups a second. The pause is also never
 * under ten polls' cost (the fallbacks' polls cost milliseconds).
 */
final class ReadyPortWait implements ReadyWait {
    static final long FIRST_POLL_NANOS = 5_000_000L;
    /** Keeps READY well within 50 ms of the listen, at 40 polls a second. */
    static final long POLL_NANOS = 25_000_000L;

    private final AgentConfig config;
    private final SystemdLink link;
    private final LiveState state;
    private final Lifecycle lifecycle;
    private final Runnable nativeLayer;
    private String pollCost = "";

    /** @param nativeLayer waits for the native layer the socket calls need (loaded for this from premain) */
    ReadyPortWait(AgentConfig config, SystemdLink link, LiveState state, Lifecycle lifecycle, Runnable nativeLayer) {
        this.config = config;
        this.link = link;
        this.state = state;
        this.lifecycle = lifecycle;
        this.nativeLayer = nativeLayer;
    }

    @Override
    public String readyEvent() {
        return PortReadiness.describe(config.readyPorts()) + (config.readyPorts().size() == 1 ? " was" : " were")
                + " seen listening" + pollCost;
    }

    @Override
    public boolean await() {
        if (!link.systemdExpected()) {
            nativeLayer.run(); // with systemd, opening the link waited for it already
        }
        try (PortReadiness ports = new PortReadiness(config.readyPorts())) {
            return await(ports);
        }
    }

    private boolean await(PortReadiness ports) {
        long period = FIRST_POLL_NANOS;
        String said = null;
        while (!lifecycle.isStopping()) {
            boolean ready;
            try {
                ready = ports.poll();
            } catch (IOException | RuntimeException e) {
                AgentLog.error("cannot read this process's sockets (" + e + "), so ready=" + config.readyDescription()
                        + " cannot send READY=1; the unit stays activating until TimeoutStartSec=");
                return lifecycle.awaitStop(this);
            }
            if (ready) {
                pollCost = " (" + ports.pollCost() + ")"; // "(poll 3 of ..., 41 us each on average)"
                WatchdogBridge.startupReturned();
                return !lifecycle.isStopping();
            }
            String status = "starting: waiting for " + PortReadiness.describe(ports.waitingFor()) + " to listen";
            if (!status.equals(said)) {
                said = status;
                state.startupStatus(status);
                link.send("STATUS=" + status);
            }
            Lifecycle.pause(this, ports.nextPollNanos(period));
            period = Math.min(POLL_NANOS, period * 3 / 2);
        }
        return false;
    }
}
