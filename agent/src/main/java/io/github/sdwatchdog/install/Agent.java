package io.github.sdwatchdog.install;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.ConfigException;
import io.github.sdwatchdog.config.ExitStatus;
import io.github.sdwatchdog.config.OptionsParser;
import io.github.sdwatchdog.instrument.TargetLedger;
import io.github.sdwatchdog.instrument.TargetTransformer;
import io.github.sdwatchdog.log.AgentLog;
import io.github.sdwatchdog.watchdog.ReadySender;
import io.github.sdwatchdog.watchdog.StatusOverlay;
import io.github.sdwatchdog.watchdog.TargetWatch;
import io.github.sdwatchdog.watchdog.WatchdogLoop;
import io.github.sdwatchdog.watchdog.WatchdogSettings;

import java.lang.instrument.Instrumentation;
import java.util.Map;

/**
 * Installs the agent, doing as little as it can on the JVM's startup path: parse the options, decide whether
 * this JVM speaks for the service ({@link Activation}), define the bridge, register a name-matching transformer,
 * start the watchdog thread. Loading the native layer and connecting to systemd happen on their own threads,
 * while the service starts.
 */
public final class Agent {
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
            System.exit(ExitStatus.BAD_OPTIONS);
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
        long pid = ProcessHandle.current().pid();
        Activation activation = Activation.decide(config, env, pid, new ProcessAncestry(pid));
        if (activation.message != null) {
            if (activation.messageIsWarning) {
                AgentLog.warn(activation.message);
            } else {
                AgentLog.info(activation.message);
            }
        }
        if (activation.role != Activation.Role.INACTIVE) {
            install(config, activation, WatchdogSettings.fromEnvironment(env), pid, instrumentation, startNanos);
        }
    }

    private static void install(AgentConfig config, Activation activation, WatchdogSettings settings, long pid,
                                Instrumentation instrumentation, long startNanos) {
        String claim = activation.role == Activation.Role.LAUNCHED ? "MAINPID=" + pid + "\n" : "";
        ReadySender readySender = new ReadySender(claim, settings.enabled());
        PremainOutcome outcome = new PremainOutcome();
        NativeWarmup warmup = new NativeWarmup(new NativePreparation(new NativeAccess(instrumentation),
                activation.address, readySender, outcome));
        // First: the native layer (JNA, and on JDK 22+ a module of its own) is the longest path to READY; on its
        // own thread it overlaps premain and the service's start. Probes and exit need none.
        if (activation.address != null || !config.readyPorts().isEmpty()) {
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
            new WatchdogLoop(config, activation.address, claim, settings, warmup.awaiter(), overlay, readySender,
                    new JdkAccess(instrumentation))
                    .start();
            new TargetWatch(ledger, overlay, startNanos, activation.role == Activation.Role.LAUNCHED).start();
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
