package io.github.sdwatchdog.watchdog;

import io.github.sdwatchdog.bridge.WatchdogBridge;
import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.WatchPoint;
import io.github.sdwatchdog.health.Health;
import io.github.sdwatchdog.ports.PortReadiness;
import io.github.sdwatchdog.probe.ProbeView;

import java.util.ArrayList;
import java.util.List;

/** What the watchdog knows, for the probe endpoints and the MBean: volatile reads, nothing waits. */
final class LiveState implements ProbeView {
    private final AgentConfig config;
    private volatile long readyAtEpochMillis = -1;
    private volatile CheckerThread checker;
    private volatile long staleAfterNanos;
    private volatile String lastReport;
    private volatile String startupStatus;

    LiveState(AgentConfig config) {
        this.config = config;
    }

    void startupReturned(long epochMillis) {
        readyAtEpochMillis = epochMillis;
    }

    void checking(CheckerThread checker, long staleAfterNanos) {
        this.staleAfterNanos = staleAfterNanos;
        this.checker = checker;
    }

    void startupStatus(String status) {
        startupStatus = status;
    }

    void reported(String report) {
        lastReport = report;
    }

    @Override
    public boolean ready() {
        return readyAtEpochMillis >= 0;
    }

    @Override
    public long readyAtEpochMillis() {
        return readyAtEpochMillis;
    }

    @Override
    public String waitingFor() {
        String status = startupStatus;
        if (status != null && status.startsWith("starting: ")) {
            return status.substring("starting: ".length());
        }
        return config.ready() != null ? "waiting for " + config.ready() + " to return"
                : config.readyUrl().isPresent() ? "waiting for " + config.readyUrl().get() + " to answer 2xx"
                : "waiting for " + PortReadiness.describe(config.readyPorts()) + " to listen";
    }

    @Override
    public Health latest() {
        Verdict verdict = latestVerdict();
        return verdict == null ? null : verdict.health;
    }

    private Verdict latestVerdict() {
        CheckerThread current = checker;
        return current == null ? null : current.latest();
    }

    @Override
    public String staleness() {
        Verdict verdict = latestVerdict();
        if (verdict == null) {
            return null;
        }
        long age = System.nanoTime() - verdict.completedAtNanos;
        return age < staleAfterNanos ? null : "no health check has completed for " + age / 1_000_000 + " ms";
    }

    @Override
    public boolean observing() {
        return config.onUnhealthy() == AgentConfig.OnUnhealthy.LOG;
    }

    @Override
    public String lastReport() {
        return lastReport;
    }

    @Override
    public List<String> pointCounts() {
        List<String> lines = new ArrayList<>();
        long[] perStripe = new long[WatchdogBridge.STRIPES];
        for (WatchPoint point : config.watchPoints()) {
            WatchdogBridge.inFlight(point.index(), perStripe);
            long inFlight = 0;
            for (long calls : perStripe) {
                inFlight += Math.max(0, calls);
            }
            lines.add(point.kind() + ":" + point + " begun=" + WatchdogBridge.begun(point.index()) + " inFlight=" + inFlight);
        }
        return lines;
    }
}
