package io.github.sdwatchdog.core;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.ConfigException;
import io.github.sdwatchdog.config.OptionsParser;
import io.github.sdwatchdog.instrument.TargetLedger;
import io.github.sdwatchdog.instrument.TargetTransformer;
import io.github.sdwatchdog.log.AgentLog;
import io.github.sdwatchdog.notify.NotifySocketAddress;
import io.github.sdwatchdog.watchdog.ReadySender;
import io.github.sdwatchdog.watchdog.StatusOverlay;
import io.github.sdwatchdog.watchdog.TargetWatch;
import io.github.sdwatchdog.watchdog.WatchdogLoop;
import io.github.sdwatchdog.watchdog.WatchdogSettings;

import java.lang.instrument.Instrumentation;
import java.util.Map;

/**
 * Installs the agent, doing as little as it can on the JVM's startup path: parse the options, define the
 * bridge, register a name-matching transformer, start the watchdog thread. Loading the native layer and
 * connecting to systemd happen on that thread, while the service starts.
 */
public final class Agent {
    /** sysexits.h EX_CONFIG; units can say {@code RestartPreventExitStatus=78} so a bad option is not retried. */
    public static final int EXIT_BAD_OPTIONS = 78;
    /** Makes premain fail after the transformer is installed, so tests can see everything undone. */
    static final String FAIL_PREMAIN_PROPERTY = "sd-watchdog.test.fail-premain";

    /** The options of the instance that is active in this JVM, for a second instance's warning. */
    private static volatile String activeOptions;

    public static void premain(String agentArgs, Instrumentation instrumentation) {
        long startNanos = System.nanoTime();
        AgentConfig config;
        try {
            config = OptionsParser.parse(agentArgs);
        } catch (ConfigException e) {
            AgentLog.error(e.getMessage());
            System.exit(EXIT_BAD_OPTIONS);
            return;
        }
        // Before NOTIFY_SOCKET: an active first instance has already removed it from this JVM's environment.
        if (BootstrapBridge.alreadyDefined()) {
            String active = activeOptions;
            AgentLog.warn("the agent is loaded twice (-javaagent and JAVA_TOOL_OPTIONS?); this instance ("
                    + config.describe() + ") stays inactive; in force: "
                    + (active != null ? active : "the options of the first instance, from another copy of the jar")
                    + "; remove one of the two");
            return;
        }
        Map<String, String> env = System.getenv();
        String socket = env.get("NOTIFY_SOCKET");
        NotifySocketAddress address = null;
        boolean standalone = config.http().isPresent() || config.onUnhealthy() == AgentConfig.OnUnhealthy.EXIT;
        if (socket == null || socket.isEmpty()) {
            if (!standalone) {
                AgentLog.info("NOTIFY_SOCKET is not set (not started by systemd with Type=notify); the agent stays inactive");
                return;
            }
            AgentLog.info("NOTIFY_SOCKET is not set: no sd_notify; the watchdog runs for "
                    + (config.http().isPresent() ? "the probe endpoints" : "on-unhealthy=exit"));
        } else {
            try {
                address = NotifySocketAddress.parse(socket);
            } catch (IllegalArgumentException e) {
                AgentLog.error(e.getMessage() + "; the agent stays inactive");
                return;
            }
        }
        long pid = ProcessHandle.current().pid();
        String notMain = MainProcess.whyNot(env, pid);
        if (notMain != null) {
            AgentLog.warn(notMain);
            return;
        }
        WatchdogSettings settings = WatchdogSettings.fromEnvironment(env, pid);
        ReadySender readySender = new ReadySender(settings.enabled());
        PremainOutcome outcome = new PremainOutcome();
        NativeWarmup warmup = new NativeWarmup(new NativePreparation(new NativeAccess(instrumentation), address,
                readySender, outcome));
        // First: the native layer (JNA, and on JDK 22+ a module of its own) is the longest path to READY; on its
        // own thread it overlaps premain and the service's start. Probes and exit need none.
        if (address != null || !config.readyPorts().isEmpty()) {
            warmup.start();
        }
        TargetTransformer transformer = null;
        try {
            TargetLedger ledger = new TargetLedger(config);
            Class<?> bridge = BootstrapBridge.inject(instrumentation);
            transformer = TargetTransformer.install(config, ledger, instrumentation, bridge);
            if (System.getProperty(FAIL_PREMAIN_PROPERTY) != null) {
                throw new IllegalStateException(FAIL_PREMAIN_PROPERTY + " is set");
            }
            ChildEnvironment.removeFromJdkCopy(instrumentation);
            activeOptions = config.describe();
            if (settings.warning() != null) {
                AgentLog.warn(settings.warning());
            }
            StatusOverlay overlay = new StatusOverlay(ledger);
            new WatchdogLoop(config, address, settings, warmup.awaiter(), overlay, readySender,
                    new JdkAccess(instrumentation))
                    .start();
            new TargetWatch(ledger, overlay, startNanos).start();
            outcome.decide(true);
        } catch (Throwable e) {
            outcome.decide(false);
            // Undo what was installed, so the service really runs without the agent, unchanged.
            if (transformer != null) {
                transformer.uninstall();
            }
            AgentLog.error("cannot start, everything the agent installed is removed and the service runs without it: " + e);
        }
    }

    private Agent() {
    }
}
