package io.github.sdwatchdog.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent next to applications that bring their own copies of its libraries, load code through
 * other class loaders, install their own logging manager, or run with a noexec /tmp.
 */
class CompatibilityIT {
    static final Path FIXTURES = Paths.get(System.getProperty("compat.dir", "../compat-fixtures/target"));
    static final String APP_JAR = FIXTURES.resolve("compat-fixtures.jar").toString();
    static final String LIBS = FIXTURES.resolve("lib") + File.separator + "*";
    static final Duration GENEROUS = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static AgentProcess.Builder app(NotifyReceiver systemd, String options) {
        return AgentProcess.builder().agent(options).notifySocket(systemd).env("WATCHDOG_USEC", "1000000");
    }

    /** READY, then a healthy status and pings: the agent does its job. */
    private static void assertWatched(NotifyReceiver systemd, String progressPoint) throws InterruptedException {
        systemd.awaitLine("READY=1", GENEROUS);
        systemd.awaitCount(d -> d.hasLine("WATCHDOG=1"), 3, GENEROUS, "pings");
        assertTrue(systemd.await(d -> d.text.startsWith("STATUS=healthy"), GENEROUS, "healthy").text.contains(progressPoint));
    }

    @Test
    void theApplicationsOwnByteBuddyJnaAndSlf4jWinAndStayQuiet() throws Exception {
        AgentProcess.Builder builder;
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir)) {
            builder = app(systemd, "ready=compat.ClashApp#start,progress=compat.ClashApp#tick");
            if (Runtime.version().feature() >= 22) {
                // The application's own JNA needs this on JDK 22+, with or without the agent; the agent's does not.
                builder.jvmArg("--enable-native-access=ALL-UNNAMED");
            }
            try (AgentProcess app = builder.main("-cp", APP_JAR + File.pathSeparator + LIBS, "compat.ClashApp").start()) {
                assertClashAppUnharmed(systemd, app);
            }
        }
    }

    private static void assertClashAppUnharmed(NotifyReceiver systemd, AgentProcess app) throws InterruptedException {
        app.awaitStdout("can load io.github.sdwatchdog.notify.SdNotifyTransport", GENEROUS);
        assertWatched(systemd, "compat.ClashApp#tick");
        String out = app.stdoutText();
        assertTrue(out.contains("bytebuddy from " + FIXTURES.resolve("lib/byte-buddy-1.12.19.jar").toAbsolutePath().normalize()), out);
        assertTrue(out.contains("bytebuddy made true"), out);
        assertTrue(out.contains("jna from " + FIXTURES.resolve("lib/jna-5.8.0.jar").toAbsolutePath().normalize() + " version 5.8.0"), out);
        assertTrue(out.contains("jna getpid true"), out);
        assertTrue(out.contains("slf4j binding org.slf4j.simple.SimpleLoggerFactory"), out);
        assertTrue(out.contains("can load io.github.sdwatchdog.config.OptionsParser false"), out);
        assertTrue(out.contains("can load io.github.sdwatchdog.shaded.bytebuddy.jar.asm.ClassReader false"), out);
        assertTrue(out.contains("can load info.faljse.SDNotify.jna.CLibrary false"), out);
        assertTrue(out.contains("can load io.github.sdwatchdog.notify.SdNotifyTransport false"), out);
        List<String> foreign = app.stderr().stream().map(l -> l.text)
                .filter(l -> !l.startsWith("<6>sd-watchdog: ") && !l.contains("INFO clash-app - logging through"))
                .collect(Collectors.toList());
        assertEquals(List.of(), foreign, "no SLF4J, JNA or JDK warnings");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"child", "isolated", "nested"})
    void readyAndProgressWorkInPluginLoaders(String loader) throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = app(systemd, "ready=compat.plugin.Plugin#start,progress=compat.plugin.Plugin#tick")
                     .main("-cp", APP_JAR, "compat.LoaderApp", loader,
                             FIXTURES.resolve("compat-fixtures-plugin.jar").toString(), FIXTURES.resolve("outer.jar").toString())
                     .start()) {
            assertWatched(systemd, "compat.plugin.Plugin#tick");
            String stderr = app.stderrText();
            assertTrue(stderr.contains("instrumented compat.plugin.Plugin: start (ready), tick (progress)"), stderr);
            assertFalse(stderr.contains("NoClassDefFoundError") || app.stdoutText().contains("NoClassDefFoundError"), stderr);
            String expectedLoader = loader.equals("nested") ? "compat.LoaderApp$NestedJarLoader" : "java.net.URLClassLoader";
            assertTrue(app.stdoutText().contains("Plugin loaded by " + expectedLoader), app.stdoutText());
        }
    }

    @Test
    void classesLoadedBeforeTheAgentStartsAreRetransformed() throws Exception {
        String preload = FIXTURES.resolve("compat-fixtures-preload-agent.jar")
                + "=com.example.testapp.Server;com.example.testapp.WorkLoop";
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder()
                     .jvmArg("-javaagent:" + preload)
                     .jvmArg("-javaagent:" + AgentProcess.AGENT_JAR + "=ready=com.example.testapp.Server#start,"
                             + "progress=com.example.testapp.WorkLoop#tick")
                     .notifySocket(systemd).env("WATCHDOG_USEC", "1000000").start()) {
            app.awaitStdout("preload-agent: loaded com.example.testapp.WorkLoop", GENEROUS);
            assertWatched(systemd, "com.example.testapp.WorkLoop#tick");
            assertTrue(app.stderrText().contains("instrumented com.example.testapp.WorkLoop: tick (progress)"), app.stderrText());
        }
    }

    @ParameterizedTest(name = "manager set {0}")
    @ValueSource(strings = {"in main", "on the command line"})
    void aServiceThatInstallsItsOwnLogManagerGetsIt(String how) throws Exception {
        AgentProcess.Builder builder;
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir)) {
            builder = app(systemd, "ready=compat.JulApp#start,progress=compat.JulApp#tick");
            if (how.equals("on the command line")) {
                builder.jvmArg("-Djava.util.logging.manager=compat.JulApp$CustomLogManager");
            }
            try (AgentProcess app = builder.main("-cp", APP_JAR, "compat.JulApp").start()) {
                app.awaitStdout("jul-app: log manager", GENEROUS);
                assertWatched(systemd, "compat.JulApp#tick");
                assertTrue(app.stdoutText().contains("jul-app: log manager compat.JulApp$CustomLogManager"), app.stdoutText());
            }
        }
    }

    /**
     * Runs the JVM in a private mount namespace whose /tmp is a fresh noexec tmpfs. The jars are copied
     * to /var/tmp first: a checkout under /tmp would vanish under the new mount.
     */
    private AgentProcess.Builder withNoexecTmp(AgentProcess.Builder builder) throws IOException {
        Assumptions.assumeTrue(canUnshareMounts(), "needs root and unshare -m to mount a noexec /tmp");
        Path agent = Files.copy(AgentProcess.AGENT_JAR, outsideTmp.resolve("sd-watchdog-agent.jar"));
        Path testApp = Files.copy(AgentProcess.TEST_APP_JAR, outsideTmp.resolve("test-app.jar"));
        return builder.agentJar(agent).main("-jar", testApp.toString()).prefix("unshare", "-m", "sh", "-c",
                "mount --make-rprivate / && mount -t tmpfs -o noexec tmpfs /tmp && exec \"$0\" \"$@\"");
    }

    private Path outsideTmp;

    @BeforeEach
    void makeDirectoryOutsideTmp() throws IOException {
        outsideTmp = Files.createTempDirectory(Paths.get("/var/tmp"), "sd-watchdog-it");
    }

    @AfterEach
    void removeDirectoryOutsideTmp() throws IOException {
        try (Stream<Path> files = Files.walk(outsideTmp)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static boolean canUnshareMounts() {
        try {
            return new ProcessBuilder("unshare", "-m", "true").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    // In these, /tmp (where @TempDir lives) is hidden by the new mount, so the socket is an abstract one:
    // it belongs to the network namespace, not to the file system.

    @Test
    void aNoexecTmpDoesNotStopTheAgent() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.abstractNamespace();
             AgentProcess app = withNoexecTmp(app(systemd, "ready=com.example.testapp.Server#start,progress=com.example.testapp.WorkLoop#tick")
                     .jvmArg("-Djava.io.tmpdir=/tmp")).start()) {
            assertWatched(systemd, "com.example.testapp.WorkLoop#tick");
        }
    }

    @Test
    void jnaTmpdirIsRespected() throws Exception {
        Path execDir = Files.createDirectories(outsideTmp.resolve("jna-tmp"));
        try (NotifyReceiver systemd = NotifyReceiver.abstractNamespace();
             AgentProcess app = withNoexecTmp(app(systemd, "ready=com.example.testapp.Server#start,progress=com.example.testapp.WorkLoop#tick")
                     .env("HOME", "/tmp").jvmArg("-Djna.tmpdir=" + execDir)).start()) {
            assertWatched(systemd, "com.example.testapp.WorkLoop#tick");
        }
    }

    @Test
    void whenNativeAccessIsImpossibleOneClearErrorAndTheServiceRunsOn() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.abstractNamespace();
             AgentProcess app = withNoexecTmp(app(systemd, "ready=com.example.testapp.Server#start,progress=com.example.testapp.WorkLoop#tick")
                     .jvmArg("-Djna.tmpdir=/tmp/jna")).appArgs("--tick=10ms").start()) {
            AgentProcess.Line error = app.awaitStderr("cannot load native access (JNA)", GENEROUS);
            app.awaitStdout("ticks=100", GENEROUS);
            assertTrue(error.text.startsWith("<3>sd-watchdog: "), error.text);
            assertTrue(error.text.contains("jna.tmpdir=/tmp/jna") && error.text.contains("must allow exec"), error.text);
            List<String> notInfo = app.stderr().stream().map(l -> l.text)
                    .filter(l -> !l.startsWith("<6>sd-watchdog: ")).collect(Collectors.toList());
            assertEquals(List.of(error.text), notInfo, "one error line, no stack trace");
            assertTrue(systemd.received().isEmpty());
            assertTrue(app.isAlive(), "the service runs on");
        }
    }
}
