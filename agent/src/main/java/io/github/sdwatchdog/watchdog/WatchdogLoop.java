package io.github.sdwatchdog.watchdog;

import io.github.sdwatchdog.bridge.WatchdogBridge;
import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.OptionsParser;
import io.github.sdwatchdog.health.Health;
import io.github.sdwatchdog.health.HealthMonitor;
import io.github.sdwatchdog.health.JmxThreadInspector;
import io.github.sdwatchdog.health.ThreadInspector;
import io.github.sdwatchdog.log.AgentLog;
import io.github.sdwatchdog.notify.NativeUnavailableException;
import io.github.sdwatchdog.notify.Notifier;
import io.github.sdwatchdog.notify.NotifySocketAddress;
import io.github.sdwatchdog.notify.SdNotifyTransport;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The one thread that talks to systemd. It opens the notify socket while the service starts, sends
 * {@code READY=1} when the startup method has returned, then checks health on a schedule and pings
 * {@code WATCHDOG=1} only while healthy. Every check catches everything; if this thread dies anyway,
 * the pings stop, which is the safe way to fail. It is a daemon, so it never delays JVM exit.
 */
public final class WatchdogLoop implements Runnable {
    private final AgentConfig config;
    private final NotifySocketAddress address;
    private final WatchdogSettings settings;
    private final Runnable beforeNativeLoads;
    private final StatusOverlay overlay;
    private final ReadySender readySender;
    private volatile Thread thread;
    private volatile boolean startupReturned;
    private volatile long readyAtNanos;
    private volatile boolean stopping;
    private Notifier notifier; // guarded by this

    public WatchdogLoop(AgentConfig config, NotifySocketAddress address, WatchdogSettings settings,
                        Runnable beforeNativeLoads, StatusOverlay overlay, ReadySender readySender) {
        this.config = config;
        this.readySender = readySender;
        this.overlay = overlay;
        this.address = address;
        this.settings = settings;
        this.beforeNativeLoads = beforeNativeLoads;
    }

    /** Called from premain. Listeners are inner classes, not lambdas, whose first bootstrap costs milliseconds there. */
    public void start() {
        Thread loop = new Thread(this, "sd-watchdog");
        loop.setDaemon(true);
        thread = loop;
        WatchdogBridge.listen(new Runnable() {
            @Override
            public void run() {
                onStartupReturned();
            }
        }, new Consumer<Throwable>() {
            @Override
            public void accept(Throwable failure) {
                onStartupFailed(failure);
            }
        });
        loop.start();
        Runtime.getRuntime().addShutdownHook(new Thread("sd-watchdog-shutdown") {
            @Override
            public void run() {
                onShutdown();
            }
        });
    }

    /** Runs on the application's thread: record the time, send READY if the socket is open (never blocking), wake the loop. */
    private void onStartupReturned() {
        readyAtNanos = System.nanoTime();
        startupReturned = true;
        if (!stopping) {
            readySender.startupReturned();
        }
        LockSupport.unpark(thread);
    }

    private void onStartupFailed(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        AgentLog.error("startup method " + config.ready() + " threw; READY=1 is not sent:\n" + trace.toString().trim());
    }

    @Override
    public void run() {
        try {
            beforeNativeLoads.run();
            Notifier opened = SdNotifyTransport.open(address);
            synchronized (this) {
                notifier = overlay.attach(opened);
            }
            if (!readySender.hasSocket()) {
                readySender.open(SdNotifyTransport.open(address)); // the native loader could not open its own
            }
        } catch (NativeUnavailableException | LinkageError | RuntimeException e) {
            AgentLog.error(e.getMessage() + "; READY=1 and WATCHDOG=1 will not be sent");
            return;
        }
        try {
            // JMX takes tens of milliseconds to load: while the service starts, not when READY is already due.
            ThreadInspector inspector = startupReturned ? null : new JmxThreadInspector();
            while (!startupReturned && !stopping) {
                LockSupport.park(this);
            }
            if (stopping) {
                return;
            }
            while (!sendReady() && !stopping) {
                LockSupport.parkNanos(this, 1_000_000_000L); // the transport has logged why; READY must not be lost
            }
            runHealthChecks(inspector != null ? inspector : new JmxThreadInspector());
        } catch (Throwable e) {
            AgentLog.error("the watchdog thread failed, so WATCHDOG=1 pings stop: " + e);
        }
    }

    private boolean sendReady() {
        String status = "STATUS=ready; " + config.progressPoints().size() + " progress points watched";
        String sentBy = readySender.sentByOtherElseClaim();
        if (sentBy != null) {
            send(status);
            AgentLog.info("sent READY=1 after " + config.ready() + " returned, from " + sentBy);
            return true;
        }
        // The first ping rides with READY, as from ReadySender: the first check may wait for JMX to load.
        boolean sent = send("READY=1\n" + (settings.enabled() ? "WATCHDOG=1\n" : "") + status);
        readySender.claimedSendDone(sent);
        if (!sent) {
            return false;
        }
        AgentLog.info("sent READY=1, " + millis(System.nanoTime() - readyAtNanos) + " after " + config.ready() + " returned");
        return true;
    }

    private void runHealthChecks(ThreadInspector inspector) {
        Duration pingInterval = settings.enabled() ? settings.pingInterval() : Duration.ofDays(1);
        Duration checkPeriod = HealthMonitor.checkPeriod(config, pingInterval);
        HealthMonitor monitor = new HealthMonitor(config, WatchdogBridge::progressCount, inspector,
                System::nanoTime, checkPeriod);
        send("STATUS=" + monitor.check().status());
        if (settings.enabled()) {
            AgentLog.info("watchdog on: WatchdogSec=" + OptionsParser.format(settings.timeout()) + ", pinging every "
                    + OptionsParser.format(pingInterval) + " while healthy; checks every " + OptionsParser.format(checkPeriod));
        } else {
            AgentLog.warn(settings.reasonOff());
        }

        boolean healthy = true;
        boolean checkFailing = false;
        long nextPing = System.nanoTime();
        long nextCheck = nextPing;
        while (!stopping) {
            long now = System.nanoTime();
            if (now - nextCheck < 0) {
                LockSupport.parkNanos(this, nextCheck - now);
                continue;
            }
            nextCheck = now + checkPeriod.toNanos();
            Health health;
            try {
                health = monitor.check();
                checkFailing = false;
            } catch (Throwable e) {
                if (!checkFailing) {
                    checkFailing = true;
                    AgentLog.error("the health check failed, so this check sends no ping: " + e);
                }
                continue;
            }
            String pause = monitor.takePauseNote();
            if (pause != null) {
                AgentLog.warn(pause);
            }
            if (health.newProblemReport() != null) {
                AgentLog.error(health.newProblemReport());
            }
            if (healthy && !health.isHealthy()) {
                AgentLog.error(health.status());
                boolean trigger = settings.enabled() && config.onUnhealthy() == AgentConfig.OnUnhealthy.TRIGGER;
                send("STATUS=" + health.status() + (trigger ? "\nWATCHDOG=trigger" : ""));
            } else if (!health.isHealthy() && health.newProblemReport() != null) {
                send("STATUS=" + health.status()); // a further problem while already unhealthy
            } else if (!healthy && health.isHealthy()) {
                AgentLog.info("recovered (" + health.recovery() + "); WATCHDOG=1 pings resume");
                send("STATUS=" + health.status());
                nextPing = now;
            }
            healthy = health.isHealthy();
            if (healthy && settings.enabled() && now - nextPing >= 0) {
                nextPing = now + pingInterval.toNanos();
                send("WATCHDOG=1");
            }
        }
    }

    private void onShutdown() {
        stopping = true;
        LockSupport.unpark(thread);
        send("STOPPING=1\nSTATUS=stopping");
    }

    private synchronized boolean send(String message) {
        if (notifier == null || (stopping && !message.startsWith("STOPPING"))) {
            return false;
        }
        return notifier.send(message);
    }

    private static String millis(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }
}
