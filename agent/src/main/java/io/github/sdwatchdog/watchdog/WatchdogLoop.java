package io.github.sdwatchdog.watchdog;

import io.github.sdwatchdog.bridge.WatchdogBridge;
import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.health.JmxThreadInspector;
import io.github.sdwatchdog.log.AgentLog;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;

/**
 * The watchdog thread, a scheduler of three phases: connect to systemd ({@link SystemdLink}), start
 * ({@link StartupPhase}: wait for the ready condition, then READY), run ({@link RunningPhase}: pings while the
 * verdict is healthy, and what each verdict says). The probes and the MBean start beside them ({@link Outputs}).
 * Whatever the transport does, the checks run. Every step catches everything; if the thread dies anyway, the
 * pings stop, which is the safe way to fail. Its threads are daemons, so they never delay the JVM's exit.
 */
public final class WatchdogLoop implements Runnable {
    private final AgentConfig config;
    private final SystemdLink link;
    private final WatchdogSettings settings;
    private final Runnable nativeLayer;
    private final Runnable[] afterNativeLayer;
    private final StatusOverlay overlay;
    private final ReadySender readySender;
    private final LiveState state;
    private final Lifecycle lifecycle = new Lifecycle();
    private final Thread premainThread = Thread.currentThread(); // constructed in premain: the launcher's main thread
    private final long startNanos = System.nanoTime();

    /**
     * @param claim        READY's prefix when this JVM must claim the unit ({@code MAINPID=<pid>\n}), else empty
     * @param nativeLayer  waits until the native layer, loaded from premain on a thread of its own, is ready
     */
    public WatchdogLoop(AgentConfig config, io.github.sdwatchdog.notify.NotifySocketAddress address, String claim,
                        WatchdogSettings settings, Runnable nativeLayer, StatusOverlay overlay, ReadySender readySender,
                        Runnable... afterNativeLayer) {
        this.config = config;
        this.link = new SystemdLink(address, claim.isEmpty() ? null : claim);
        this.settings = settings;
        this.nativeLayer = nativeLayer;
        this.afterNativeLayer = afterNativeLayer;
        this.overlay = overlay;
        this.readySender = readySender;
        this.state = new LiveState(config);
    }

    /** Called from premain. Listeners are inner classes, not lambdas, whose first bootstrap costs milliseconds there. */
    public void start() {
        Thread loop = new Thread(this, "sd-watchdog");
        loop.setDaemon(true);
        lifecycle.watchdogThread(loop);
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
                lifecycle.stopping();
                link.stopping(readySender);
            }
        });
    }

    /** On the thread that found the service ready: record it, send READY if the socket is open (never blocking). */
    private void onStartupReturned() {
        state.startupReturned(System.currentTimeMillis());
        lifecycle.startupReturned();
        if (!lifecycle.isStopping()) {
            readySender.startupReturned(config.ready() != null
                    ? "the thread that returned from " + config.ready() + ", as it returned" : "the watchdog thread");
        }
    }

    private void onStartupFailed(Throwable failure) {
        lifecycle.startupThrew(failure);
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        AgentLog.error("startup method " + config.ready() + " threw; READY=1 is not sent until a call returns:\n"
                + trace.toString().trim());
    }

    @Override
    public void run() {
        try {
            link.open(nativeLayer, overlay, readySender);
            for (Runnable preparation : afterNativeLayer) {
                preparation.run();
            }
            Outputs.start(config, state);
            // JMX takes tens of milliseconds to load: while the service starts, not when READY is already due.
            JmxThreadInspector inspector = lifecycle.hasStartupReturned() ? null : new JmxThreadInspector();
            ReadyWait wait = config.ready() != null
                    ? new ReadyMethodWait(config, link, state, lifecycle, premainThread, startNanos)
                    : new ReadyPortWait(config, link, lifecycle, nativeLayer);
            if (new StartupPhase(config, link, readySender, lifecycle, wait, settings.enabled()).run()) {
                new RunningPhase(config, link, state, lifecycle, settings)
                        .run(inspector != null ? inspector : new JmxThreadInspector());
            }
        } catch (Throwable e) {
            AgentLog.error("the watchdog thread failed, so WATCHDOG=1 pings stop: " + e);
        }
    }
}
