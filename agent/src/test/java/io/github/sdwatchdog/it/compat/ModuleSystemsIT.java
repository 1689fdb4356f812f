package io.github.sdwatchdog.it.compat;

import io.github.sdwatchdog.it.AgentProcess;
import io.github.sdwatchdog.it.NotifyReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import static io.github.sdwatchdog.it.compat.Compat.AGENT_LINE;
import static io.github.sdwatchdog.it.compat.Compat.BLOCK_AT;
import static io.github.sdwatchdog.it.compat.Compat.GENEROUS;
import static io.github.sdwatchdog.it.compat.Compat.STALL;
import static io.github.sdwatchdog.it.compat.Compat.assertCounted;
import static io.github.sdwatchdog.it.compat.Compat.assertWatched;
import static io.github.sdwatchdog.it.compat.Compat.unexpected;
import static io.github.sdwatchdog.it.compat.Compat.watched;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16: one small service (compat-loaders' {@code loaders.service.Service}) run by JBoss Modules, by an
 * embedded Apache Felix and Eclipse Equinox, and by a strict class loader, each with its default configuration
 * and the agent's (no {@code jboss.modules.system.pkgs}, no {@code org.osgi.framework.bootdelegation}). Woven code
 * resolves the bridge in all of them because it is in {@code java.lang}; a loader that refuses even that gets
 * its class unchanged, and the agent says so.
 */
class ModuleSystemsIT {
    static final Path LOADERS = Paths.get(System.getProperty("loaders.dir", "../compat-loaders/target")).toAbsolutePath().normalize();
    static final String SERVICE_JAR = LOADERS.resolve("compat-loaders-service.jar").toString();
    static final String LAUNCHERS_JAR = LOADERS.resolve("compat-loaders.jar").toString();
    static final String JBOSS_MODULES = LOADERS.resolve("frameworks/jboss-modules.jar").toString();
    static final String MODULE_PATH = LOADERS.resolve("modules").toString();
    static final String READY = "loaders.service.Service#start";
    static final String PROGRESS = "loaders.service.Service#tick";
    /** The service's and the launchers' own lines. */
    static final String SERVICE_LINE = "^(service|osgi-launcher): .*";
    /**
     * The agent's lines, and JDK 24+'s warning (JEP 498) on the frameworks' own use of sun.misc.Unsafe, printed with or
     * without the agent; one naming any other class fails.
     */
    static final String[] AGENT_OR_FRAMEWORK_WARNING = {AGENT_LINE,
            "^WARNING: A terminally deprecated method in sun\\.misc\\.Unsafe has been called$",
            "^WARNING: sun\\.misc\\.Unsafe::\\w+ has been called by org\\.(apache\\.felix|eclipse\\.osgi)\\..*",
            "^WARNING: Please consider reporting this to the maintainers of class org\\.(apache\\.felix|eclipse\\.osgi)\\..*",
            "^WARNING: sun\\.misc\\.Unsafe::\\w+ will be removed in a future release$"};

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // way                 | the loader that defines the service
            "jboss-modules         | org.jboss.modules.ModuleClassLoader",
            "jboss-modules-agent   | org.jboss.modules.ModuleClassLoader",
            "felix                 | org.apache.felix.framework.BundleWiringImpl$BundleClassLoader",
            "equinox               | org.eclipse.osgi.internal.loader.EquinoxClassLoader",
            "strict                | loaders.launch.StrictLauncher$StrictLoader"})
    void theServiceRunsUnharmedAndIsWatched(String way, String loader) throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = service(way, systemd).jvmArg(BLOCK_AT).start()) {
            app.awaitStdout("service: starting in " + loader + " at-us=", GENEROUS);
            NotifyReceiver.Datagram ready = systemd.awaitLine("READY=1", GENEROUS);
            Instant returned = AgentProcess.eventTime(app.awaitStdout("service: start returns", GENEROUS));
            assertFalse(ready.arrived.isBefore(returned), "READY at " + ready.arrived + ", before start returned at " + returned);
            assertWatched(systemd, PROGRESS);
            assertTrue(app.stderrText().contains("<6>sd-watchdog: instrumented loaders.service.Service: start (ready), tick (progress) in "
                    + loader + "\n"), app.stderrText());
            app.awaitStdout("service: ticks=50", GENEROUS); // the woven tick runs as the service's own code
            assertCounted(systemd, app, PROGRESS, "service: blocking inside tick");
            NotifyReceiver.Datagram unhealthy = systemd.await(d -> d.text.startsWith("STATUS=UNHEALTHY"), GENEROUS, "unhealthy");
            assertNoPingAfter(systemd, unhealthy);
            assertEquals(List.of(), unexpected(app.stdout(), SERVICE_LINE), "stdout");
            assertEquals(List.of(), unexpected(app.stderr(), AGENT_OR_FRAMEWORK_WARNING), "stderr");
        }
    }

    /**
     * A loader that refuses {@code java.lang.SdWatchdogBridge}, and only that name: the agent leaves the class as
     * it is, so the service prints exactly what it prints without the agent and exits 0, and the agent names the
     * class, its loader and both points in a {@code <3>} line and in a status that never says healthy.
     */
    @Test
    void aLoaderThatRefusesTheBridgeGetsItsClassUnchangedAndTheAgentSaysSo() throws Exception {
        Path stop = dir.resolve("stop");
        List<String> withoutAgent;
        try (AgentProcess app = strict("refuse-bridge", AgentProcess.builder()).jvmArg("-Dloaders.stop-file=" + stop).start()) {
            withoutAgent = runToStop(app, stop);
            assertEquals(List.of(), unexpected(app.stderr()), "stderr without the agent");
        }
        Files.delete(stop);
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = strict("refuse-bridge", watched(systemd, READY, PROGRESS + STALL))
                     .jvmArg("-Dloaders.stop-file=" + stop).start()) {
            AgentProcess.Line error = app.awaitStderr("<3>sd-watchdog: cannot weave loaders.service.Service in "
                    + "loaders.launch.StrictLauncher$StrictLoader", GENEROUS);
            assertTrue(error.text.contains("does not delegate java.lang.SdWatchdogBridge to the JDK")
                    && error.text.contains("its methods run unchanged and " + READY + " (ready), " + PROGRESS
                    + " (progress) are not watched"), error.text);
            systemd.await(d -> d.text.startsWith("STATUS=MISCONFIGURED: " + READY + " is not watched: its class loader cannot see the agent"),
                    GENEROUS, "the unwatched points as status");
            assertEquals(withoutAgent, runToStop(app, stop), "the service's output, with the agent as without");
            assertEquals(List.of(), unexpected(app.stderr(), AGENT_LINE), "stderr");
            boolean classSeen = false; // before the class loads, "starting: waiting for ..." is the truth
            for (NotifyReceiver.Datagram datagram : systemd.received()) {
                for (String line : datagram.text.split("\n")) {
                    classSeen |= line.startsWith("STATUS=MISCONFIGURED");
                    assertFalse(classSeen && line.startsWith("STATUS=") && !line.startsWith("STATUS=MISCONFIGURED"), datagram.toString());
                    assertFalse(line.contains("healthy") || line.equals("READY=1"), datagram.toString());
                }
            }
        }
    }

    /** Lets the service tick 50 times, tells it to stop, and returns its output without the times in it. */
    private static List<String> runToStop(AgentProcess app, Path stop) throws Exception {
        app.awaitStdout("service: ticks=50", GENEROUS);
        Files.createFile(stop);
        assertEquals(0, app.awaitExit(GENEROUS), "exit status\n" + app.stderrText());
        return app.stdout().stream().map(line -> line.text.replaceAll(" at-us=[0-9]+", "")).collect(Collectors.toList());
    }

    /** Pings stop with the verdict: none comes in the second after it (four ping intervals). */
    private static void assertNoPingAfter(NotifyReceiver systemd, NotifyReceiver.Datagram verdict) throws InterruptedException {
        Thread.sleep(1000); // observing an absence takes a window of time; a busy machine only makes it less strict
        for (NotifyReceiver.Datagram datagram : systemd.receivedWith("WATCHDOG=1")) {
            assertFalse(datagram.arrived.isAfter(verdict.arrived), "a ping after " + verdict + ": " + datagram);
        }
    }

    private AgentProcess.Builder service(String way, NotifyReceiver systemd) {
        AgentProcess.Builder builder = watched(systemd, READY, PROGRESS + STALL);
        switch (way) {
            case "jboss-modules":
                return builder.main("-jar", JBOSS_MODULES, "-mp", MODULE_PATH, "loaders.service");
            case "jboss-modules-agent": // WildFly's MODULE_OPTS: jboss-modules is the JVM's agent and loads ours as a module
                return builder.agent(null).jvmArg("-javaagent:" + JBOSS_MODULES).main("-jar", JBOSS_MODULES,
                        "-javaagent:" + AgentProcess.AGENT_JAR + "=ready=" + READY + ",progress=" + PROGRESS + STALL,
                        "-mp", MODULE_PATH, "loaders.service");
            case "felix":
            case "equinox":
                return builder.main("-cp", LAUNCHERS_JAR + File.pathSeparator + LOADERS.resolve("frameworks/" + way + ".jar"),
                        "loaders.launch.OsgiLauncher", dir.resolve(way + "-cache").toString(), SERVICE_JAR);
            case "strict":
                return strict("strict", builder);
            default:
                throw new IllegalArgumentException(way);
        }
    }

    private static AgentProcess.Builder strict(String mode, AgentProcess.Builder builder) {
        return builder.main("-cp", LAUNCHERS_JAR, "loaders.launch.StrictLauncher", mode, SERVICE_JAR, "loaders.service.Service");
    }
}
