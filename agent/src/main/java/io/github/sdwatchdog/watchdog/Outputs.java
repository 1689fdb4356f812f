package io.github.sdwatchdog.watchdog;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.HttpAddress;
import io.github.sdwatchdog.log.AgentLog;
import io.github.sdwatchdog.probe.ProbeServer;
import io.github.sdwatchdog.probe.ProbeView;
import io.github.sdwatchdog.probe.WatchdogBean;

/**
 * The verdict's outputs besides sd_notify: the probe endpoints when {@code http} is set, and the MBean
 * once a platform MBean server exists. Started on a thread of their own, so neither premain nor READY waits
 * for the HTTP server's first use; the server's threads are daemons. A failure is one line and the service runs on.
 */
final class Outputs implements Runnable {
    private final AgentConfig config;
    private final ProbeView view;

    private Outputs(AgentConfig config, ProbeView view) {
        this.config = config;
        this.view = view;
    }

    static void start(AgentConfig config, ProbeView view) {
        Thread starter = new Thread(new Outputs(config, view), "sd-watchdog-outputs");
        starter.setDaemon(true);
        starter.start();
    }

    @Override
    public void run() {
        if (config.http().isPresent()) {
            serveProbes(config.http().get());
        }
        try {
            WatchdogBean.registerWhenTheServerExists(view);
        } catch (Exception | LinkageError e) {
            AgentLog.info("the MBean " + WatchdogBean.NAME + " is not registered: " + e);
        }
    }

    private void serveProbes(HttpAddress address) {
        long start = System.nanoTime();
        try {
            ProbeServer server = ProbeServer.start(address, view);
            AgentLog.info("probe endpoints on http://" + address.toString().replaceFirst(":\\d+$", "") + ":" + server.port()
                    + "/ (/livez, /readyz, /startupz); started in " + (System.nanoTime() - start) / 1_000_000
                    + " ms on thread sd-watchdog-outputs");
        } catch (Exception | LinkageError e) {
            AgentLog.error("cannot serve the probe endpoints on " + address + " (option 'http'): " + e
                    + "; the service runs on without them, and the watchdog without its probes");
        }
    }
}
