package io.github.sdwatchdog.watchdog;

import io.github.sdwatchdog.config.Durations;
import io.github.sdwatchdog.bridge.WatchdogBridge;
import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.health.Health;
import io.github.sdwatchdog.health.HealthRules;
import io.github.sdwatchdog.health.JmxThreadInspector;
import io.github.sdwatchdog.health.BridgeCounters;
import io.github.sdwatchdog.log.AgentLog;
import io.github.sdwatchdog.notify.NativeUnavailableException;
import io.github.sdwatchdog.notify.Notifier;
import io.github.sdwatchdog.notify.NotifySocketAddress;
import io.github.sdwatchdog.notify.SdNotifyTransport;
import io.github.sdwatchdog.startup.JmxStartupSampler;
import io.github.sdwatchdog.startup.StartupWatch;
import io.github.sdwatchdog.ports.PortReadiness;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The one thread that talks to systemd, and the scheduler where its signals meet. It opens the notify
 * socket while the service starts, sends {@code READY=1} when the startup method has returned, then
 * pings {@code WATCHDOG=1} on its own cadence while the latest verdict of the {@link CheckerThread}
 * (which checks on a thread of its own) is healthy and fresh, and says what each verdict found. Every
 * check catches everything; if a thread dies anyway, the pings stop, which is the safe way to fail.
 * Both threads are daemons, so they never delay JVM exit.
 */
public final class WatchdogLoop implements Runnable {
    /** A poll of the process's fds costs microseconds; every 5 ms keeps READY within ~5 ms of the port listening. */
    static final long PORT_POLL_NANOS = 5_000_000L;

    private final AgentConfig config;
    private final NotifySocketAddress address; // null without systemd: probes or exit only
    private final LiveState state;
    private final WatchdogSettings settings;
    private final Runnable beforeNativeLoads;
    private final Runnable[] afterNativeLoads;
    private final StatusOverlay overlay;
    private final ReadySender readySender;
    private final Thread premainThread = Thread.currentThread(); // constructed in premain: the launcher's main thread
    private final long startNanos = System.nanoTime();
    private volatile Thread thread;
    private volatile boolean startupReturned;
    private volatile long readyAtNanos;
    private volatile boolean stopping;
    private Notifier notifier; // guarded by this
    private boolean firstVerdictSaid; // loop thread only

    public WatchdogLoop(AgentConfig config, NotifySocketAddress address, WatchdogSettings settings,
                        Runnable beforeNativeLoads, StatusOverlay overlay, ReadySender readySender,
                        Runnable... afterNativeLoads) {
        this.afterNativeLoads = afterNativeLoads;
        this.readySender = readySender;
        this.overlay = overlay;
        this.config = config;
        this.address = address;
        this.settings = settings;
        this.beforeNativeLoads = beforeNativeLoads;
        this.state = new LiveState(config);
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
        state.startupReturned(System.currentTimeMillis());
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
        if (address != null) {
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
                if (!config.http().isPresent() && config.onUnhealthy() != AgentConfig.OnUnhealthy.EXIT) {
                    return;
                }
            }
        }
        try {
            for (Runnable preparation : afterNativeLoads) {
                preparation.run();
            }
            Outputs.start(config, state);
            // JMX takes tens of milliseconds to load: while the service starts, not when READY is already due.
            JmxThreadInspector inspector = startupReturned ? null : new JmxThreadInspector();
            if (!config.readyPorts().isEmpty()) {
                awaitPorts();
                while (!startupReturned && !stopping) {
                    LockSupport.park(this);
                    Thread.interrupted();
                }
            } else {
                watchStartup();
            }
            if (stopping) {
                return;
            }
            while (!sendReady() && !stopping) {
                LockSupport.parkNanos(this, 1_000_000_000L); // the transport has logged why; READY must not be lost
                Thread.interrupted();
            }
            runHealthChecks(inspector != null ? inspector : new JmxThreadInspector());
        } catch (Throwable e) {
            AgentLog.error("the watchdog thread failed, so WATCHDOG=1 pings stop: " + e);
        }
    }

    /** Until the ready method returns: once a second, the startup's status and, while it progresses, a longer start timeout. */
    private void watchStartup() {
        StartupWatch watch = null;
        try {
            if (!startupReturned) {
                boolean systemd;
                synchronized (this) {
                    systemd = notifier != null;
                }
                watch = new StartupWatch(config.ready().toString(), config.startupStall().orElse(null), systemd,
                        new JmxStartupSampler(premainThread), startNanos);
            }
        } catch (Throwable e) {
            AgentLog.warn("cannot watch the startup (" + e + "); the start timeout is not extended");
        }
        long next = System.nanoTime();
        while (!startupReturned && !stopping) {
            long now = System.nanoTime();
            if (watch != null && now - next >= 0) {
                try {
                    String message = watch.tick(now);
                    state.startupStatus(watch.status());
                    if (!startupReturned) {
                        send(message);
                    }
                } catch (Throwable e) { // stop extending: a hung startup must still be stopped by TimeoutStartSec=
                    AgentLog.warn("the startup watch failed (" + e + "); the start timeout is no longer extended");
                    watch = null;
                }
                next = now + StartupWatch.PERIOD_NANOS;
            }
            LockSupport.parkNanos(this, watch == null ? StartupWatch.PERIOD_NANOS : Math.max(0, next - System.nanoTime()));
            Thread.interrupted();
        }
    }

    /**
     * ready=listen: polls this process's sockets every {@link #PORT_POLL_NANOS} (or ten polls' cost, if more)
     * until every port listens, then latches READY through the bridge, as a returning ready method would (the
     * probes and the target watch follow that latch). Polling, since no event says a socket started listening.
     */
    private void awaitPorts() {
        if (address == null) {
            beforeNativeLoads.run(); // the socket calls need the native layer, loaded for this in premain
        }
        PortReadiness ports = new PortReadiness(config.readyPorts());
        String said = null;
        while (!stopping) {
            boolean ready;
            try {
                ready = ports.poll();
            } catch (IOException | RuntimeException e) {
                AgentLog.error("cannot read this process's sockets (" + e + "), so ready=" + config.readyDescription()
                        + " cannot send READY=1; the unit stays activating until TimeoutStartSec=");
                return;
            }
            if (ready) {
                AgentLog.info(readyEvent() + " (" + ports.pollCost() + ")");
                WatchdogBridge.startupReturned();
                return;
            }
            String status = "starting: waiting for " + PortReadiness.describe(ports.waitingFor()) + " to listen";
            if (!status.equals(said)) {
                said = status;
                send("STATUS=" + status);
            }
            LockSupport.parkNanos(this, ports.nextPollNanos(PORT_POLL_NANOS));
            Thread.interrupted();
        }
    }

    private boolean sendReady() {
        if (address == null) {
            AgentLog.info("ready: " + readyEvent() + " (no systemd: /readyz and /startupz say so)");
            return true;
        }
        String status = "STATUS=ready; " + config.watchPoints().size() + " points watched";
        String sentBy = readySender.sentByOtherElseClaim();
        if (sentBy != null) {
            send(status);
            AgentLog.info("sent READY=1 after " + readyEvent() + ", from " + sentBy);
            return true;
        }
        // The first ping rides with READY, as from ReadySender: the first check may wait for JMX to load.
        boolean sent = send("READY=1\n" + (settings.enabled() ? "WATCHDOG=1\n" : "") + status);
        readySender.claimedSendDone(sent);
        if (!sent) {
            return false;
        }
        AgentLog.info("sent READY=1, " + millis(System.nanoTime() - readyAtNanos) + " after " + readyEvent());
        return true;
    }

    private String readyEvent() {
        return config.ready() != null ? config.ready() + " returned"
                : PortReadiness.describe(config.readyPorts()) + (config.readyPorts().size() == 1 ? " listens" : " listen");
    }

    private void runHealthChecks(JmxThreadInspector inspector) {
        Duration pingInterval = settings.enabled() ? settings.pingInterval() : Duration.ofDays(1);
        Duration checkPeriod = HealthRules.checkPeriod(config, pingInterval);
        HealthRules monitor = new HealthRules(config, new BridgeCounters(), inspector, System::nanoTime, checkPeriod);
        CheckerThread checker = new CheckerThread(monitor, checkPeriod, Thread.currentThread());
        checker.start();
        UnhealthyExit exit = config.onUnhealthy() == AgentConfig.OnUnhealthy.EXIT
                ? new UnhealthyExit(config.exitStatus(), checkPeriod.toNanos()) : null;
        announce(pingInterval, checkPeriod, exit, inspector);
        PingGate gate = new PingGate(checkPeriod.toNanos());
        state.checking(checker, gate.staleAfterNanos());
        PingGate.FreshnessListener sayFreshness = new PingGate.FreshnessListener() {
            @Override
            public void freshnessChanged(boolean fresh, long verdictAgeNanos) {
                if (fresh) {
                    AgentLog.info("health checks complete again; WATCHDOG=1 pings resume");
                } else {
                    AgentLog.error("no health check has completed for " + millis(verdictAgeNanos)
                            + "; WATCHDOG=1 pings stop until one does");
                }
            }
        };
        long pingNanos = pingInterval.toNanos();
        boolean healthy = true;
        long nextPing = System.nanoTime();
        try {
            while (!stopping) {
                for (Verdict verdict = checker.pollNews(); verdict != null; verdict = checker.pollNews()) {
                    healthy = say(verdict, healthy);
                    if (healthy && verdict.health.recovery() != null) {
                        nextPing = System.nanoTime();
                    }
                }
                Verdict latest = checker.latest();
                long now = System.nanoTime();
                if (exit != null && latest != null && exit.confirmed(healthy, latest.completedAtNanos)) {
                    exit.halt(latest.health.status());
                }
                if (latest != null && now - nextPing >= 0) {
                    if (settings.enabled() && gate.mayPing(healthy, latest.completedAtNanos, now, sayFreshness)) {
                        send("WATCHDOG=1");
                    }
                    nextPing = now + pingNanos;
                }
                // Wake for the next ping, and at least once a check period to follow the verdict; before the
                // first verdict, the checker's news wakes the loop. Never a wait of zero: that would spin.
                long untilPing = nextPing - System.nanoTime();
                LockSupport.parkNanos(this, latest == null || untilPing <= 0 ? checkPeriod.toNanos()
                        : Math.min(untilPing, checkPeriod.toNanos()));
                Thread.interrupted(); // an application that interrupts every thread must not make this spin
            }
        } finally {
            checker.stop();
        }
    }

    /** Says once what the watchdog will do: ping, or not and why, or run without systemd. */
    private void announce(Duration pingInterval, Duration checkPeriod, UnhealthyExit exit, JmxThreadInspector inspector) {
        if (address == null) {
            AgentLog.info("no systemd: checks every " + Durations.format(checkPeriod)
                    + (exit != null ? "; an unhealthy verdict that holds " + exit.confirmNanos() / 1_000_000
                    + " ms halts the JVM with status " + config.exitStatus() : ""));
        } else if (settings.enabled()) {
            AgentLog.info("watchdog on: WatchdogSec=" + Durations.format(settings.timeout()) + ", pinging every "
                    + Durations.format(pingInterval) + " while healthy; checks every " + Durations.format(checkPeriod));
        } else {
            AgentLog.warn(settings.reasonOff());
        }
        if (inspector.virtualThreadsUnavailable() != null && Runtime.version().feature() >= 21) {
            AgentLog.info(inspector.virtualThreadsUnavailable() + "; deadlocks among virtual threads will not be found");
        }
    }

    /** Logs and sends what a check found; returns whether the service is healthy now. */
    private boolean say(Verdict verdict, boolean wasHealthy) {
        Health health = verdict.health;
        if (verdict.pauseNote != null) {
            AgentLog.warn(verdict.pauseNote);
        }
        if (health.newProblemReport() != null) {
            AgentLog.error(health.newProblemReport());
            state.reported(health.newProblemReport());
        }
        if (wasHealthy && !health.isHealthy()) {
            AgentLog.error(health.status());
            boolean trigger = settings.enabled() && address != null && config.onUnhealthy() == AgentConfig.OnUnhealthy.TRIGGER;
            send("STATUS=" + health.status() + (trigger ? "\nWATCHDOG=trigger" : ""));
        } else if (!wasHealthy && health.isHealthy()) {
            AgentLog.info("recovered (" + health.recovery() + "); WATCHDOG=1 pings resume");
            send("STATUS=" + health.status());
        } else if (!health.isHealthy() && health.newProblemReport() != null) {
            send("STATUS=" + health.status()); // a further problem while already unhealthy
        } else if (!firstVerdictSaid) {
            send("STATUS=" + health.status());
        }
        firstVerdictSaid = true;
        return health.isHealthy();
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
