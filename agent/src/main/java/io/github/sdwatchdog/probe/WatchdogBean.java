package io.github.sdwatchdog.probe;

import io.github.sdwatchdog.health.Health;

import javax.management.ObjectName;
import java.lang.reflect.Field;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** The MBean behind {@link WatchdogMXBean}; every getter reads what the watchdog already knows. */
public final class WatchdogBean implements WatchdogMXBean {
    public static final String NAME = "io.github.sdwatchdog:type=Watchdog";

    private final ProbeView view;

    private WatchdogBean(ProbeView view) {
        this.view = view;
    }

    /**
     * Registers with the platform MBean server once something else has created it (a JMX agent started
     * with the JVM or attached later, JConsole, a metrics library), checking once a second; returns when
     * registered. The agent never creates that server itself: creating it initialises java.util.logging's
     * LogManager, and a service that installs its own manager in main would then not get it.
     */
    public static void registerWhenTheServerExists(ProbeView view) throws Exception {
        Field server = ManagementFactory.class.getDeclaredField("platformMBeanServer");
        server.setAccessible(true);
        while (server.get(null) == null) {
            LockSupport.parkNanos(1_000_000_000L);
            Thread.interrupted();
        }
        ManagementFactory.getPlatformMBeanServer().registerMBean(new WatchdogBean(view), new ObjectName(NAME));
    }

    @Override
    public String getVerdict() {
        Health latest = view.latest();
        if (!view.ready() || latest == null) {
            return "starting";
        }
        if (view.staleness() != null) {
            return "stale";
        }
        return latest.isHealthy() ? "healthy" : "unhealthy";
    }

    @Override
    public boolean isHealthy() {
        return getVerdict().equals("healthy");
    }

    @Override
    public boolean isReady() {
        return view.ready();
    }

    @Override
    public String getStatus() {
        Health latest = view.latest();
        return latest == null ? "starting: waiting for " + view.waitingFor() : latest.status();
    }

    @Override
    public String[] getChecks() {
        Health latest = view.latest();
        if (latest == null) {
            return new String[0];
        }
        List<Health.Check> checks = latest.checks();
        String[] lines = new String[checks.size()];
        for (int i = 0; i < lines.length; i++) {
            Health.Check check = checks.get(i);
            lines[i] = (check.ok ? "[+]" : "[-]") + check.name + (check.ok ? " ok: " : " failed: ") + check.detail;
        }
        return lines;
    }

    @Override
    public String[] getPointCounts() {
        return view.pointCounts().toArray(new String[0]);
    }

    @Override
    public String getLastReport() {
        String report = view.lastReport();
        return report == null ? "" : report;
    }

    @Override
    public String getReadyTime() {
        long at = view.readyAtEpochMillis();
        return at < 0 ? "" : Instant.ofEpochMilli(at).toString();
    }

    @Override
    public long getReadyAtEpochMillis() {
        return view.readyAtEpochMillis();
    }
}
