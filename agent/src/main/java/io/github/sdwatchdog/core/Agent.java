package io.github.sdwatchdog.core;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.ConfigException;
import io.github.sdwatchdog.config.OptionsParser;
import io.github.sdwatchdog.instrument.TargetTransformer;
import io.github.sdwatchdog.log.AgentLog;
import io.github.sdwatchdog.notify.NotifySocketAddress;
import io.github.sdwatchdog.watchdog.WatchdogLoop;
import io.github.sdwatchdog.watchdog.WatchdogSettings;

import java.lang.instrument.Instrumentation;

/**
 * Installs the agent, doing as little as it can on the JVM's startup path: parse the options, define the
 * bridge, register a name-matching transformer, start the watchdog thread. Loading the native layer and
 * connecting to systemd happen on that thread, while the service starts.
 */
public final class Agent {
    /** sysexits.h EX_CONFIG; units can say {@code RestartPreventExitStatus=78} so a bad option is not retried. */
    public static final int EXIT_BAD_OPTIONS = 78;

    public static void premain(String agentArgs, Instrumentation instrumentation) {
        AgentConfig config;
        try {
            config = OptionsParser.parse(agentArgs);
        } catch (ConfigException e) {
            AgentLog.error(e.getMessage());
            System.exit(EXIT_BAD_OPTIONS);
            return;
        }
        String socket = System.getenv("NOTIFY_SOCKET");
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
        if (BootstrapBridge.alreadyDefined()) {
            AgentLog.warn("the agent is loaded twice (-javaagent and JAVA_TOOL_OPTIONS?); this instance stays inactive");
            return;
        }
        try {
            Module bridge = BootstrapBridge.inject(instrumentation);
            TargetTransformer.install(config, instrumentation, bridge);
        } catch (Throwable e) {
            AgentLog.error("cannot install the instrumentation, the agent stays inactive: " + e);
            return;
        }
        WatchdogSettings settings = WatchdogSettings.fromEnvironment(System.getenv(), ProcessHandle.current().pid());
        new WatchdogLoop(config, address, settings, new NativeAccess(instrumentation), new ThreadAccess(instrumentation)).start();
    }

    private Agent() {
    }
}
