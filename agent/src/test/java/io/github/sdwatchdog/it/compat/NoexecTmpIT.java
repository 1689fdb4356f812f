package io.github.sdwatchdog.it.compat;

import io.github.sdwatchdog.it.AgentProcess;
import io.github.sdwatchdog.it.NotifyReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static io.github.sdwatchdog.it.compat.Compat.AGENT_LINE;
import static io.github.sdwatchdog.it.compat.Compat.GENEROUS;
import static io.github.sdwatchdog.it.compat.Compat.assertWatched;
import static io.github.sdwatchdog.it.compat.Compat.unexpected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4, "hardened units": JNA unpacks libjnidispatch into {@code jna.tmpdir}, by default
 * {@code ~/.cache/JNA/temp} (from the {@code user.home} property, not {@code $HOME}), falling back to
 * {@code java.io.tmpdir} when that cannot be written; a noexec directory makes the load fail. Each test
 * runs the service in a private mount namespace whose /tmp is a fresh noexec tmpfs. The jars are copied
 * to /var/tmp first (a checkout under /tmp would vanish under the new mount), and the notify socket is an
 * abstract one: it belongs to the network namespace, not to any file system.
 */
class NoexecTmpIT {
    private static final String READY = "com.example.testapp.Server#start";
    private static final String PROGRESS = "com.example.testapp.WorkLoop#tick";

    private Path outsideTmp;

    @BeforeEach
    void makeDirectoryOutsideTmp() throws IOException {
        Assumptions.assumeTrue(canUnshareMounts(),
                "SKIPPED: needs root and unshare(1) to mount a noexec tmpfs on /tmp in a private mount namespace");
        outsideTmp = Files.createTempDirectory(Paths.get("/var/tmp"), "sd-watchdog-it");
    }

    @AfterEach
    void removeDirectoryOutsideTmp() throws IOException {
        if (outsideTmp != null) {
            try (Stream<Path> files = Files.walk(outsideTmp)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static boolean canUnshareMounts() {
        try {
            return new ProcessBuilder("unshare", "-m", "true").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private AgentProcess.Builder underNoexecTmp(NotifyReceiver systemd, String... jvmArgs) throws IOException {
        Path agent = Files.copy(AgentProcess.AGENT_JAR, outsideTmp.resolve("sd-watchdog-agent.jar"));
        Path testApp = Files.copy(AgentProcess.TEST_APP_JAR, outsideTmp.resolve("test-app.jar"));
        AgentProcess.Builder builder = AgentProcess.builder().agentJar(agent).agent("ready=" + READY + ",progress=" + PROGRESS)
                .notifySocket(systemd).env("WATCHDOG_USEC", "1000000").jvmArg("-Djava.io.tmpdir=/tmp")
                .main("-jar", testApp.toString()).appArgs("--tick=10ms")
                .prefix("unshare", "-m", "sh", "-c",
                        // findmnt proves the mount took: its line is the first the test reads
                        "mount --make-rprivate / && mount -t tmpfs -o noexec tmpfs /tmp"
                                + " && findmnt -n -o TARGET,OPTIONS /tmp && exec \"$0\" \"$@\"");
        for (String arg : jvmArgs) {
            builder.jvmArg(arg);
        }
        return builder;
    }

    private static void assertTmpIsNoexec(AgentProcess app) throws InterruptedException {
        String mount = app.awaitStdout("/tmp ", GENEROUS).text;
        assertTrue(mount.matches("^/tmp .*\\bnoexec\\b.*"), mount);
    }

    /** The default place, ~/.cache/JNA/temp, is on an exec file system here: the agent is not affected. */
    @Test
    void aNoexecTmpDoesNotStopTheAgent() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.abstractNamespace();
             AgentProcess app = underNoexecTmp(systemd).start()) {
            assertTmpIsNoexec(app);
            assertWatched(systemd, PROGRESS);
            assertEquals(List.of(), unexpected(app.stderr(), AGENT_LINE), "stderr");
        }
    }

    /**
     * Home on noexec storage too (user.home=/tmp): JNA's default place fails, so the agent says so in one
     * line, sends nothing, and the service runs on. This is also the control for the next test.
     */
    @Test
    void whenTheDefaultPlaceIsNoexecOneClearErrorAndTheServiceRunsOn() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.abstractNamespace();
             AgentProcess app = underNoexecTmp(systemd, "-Duser.home=/tmp").start()) {
            assertTmpIsNoexec(app);
            assertOneClearError(systemd, app, "~/.cache/JNA (user.home=/tmp)");
        }
    }

    /** The same, with -Djna.tmpdir=DIR on an exec file system: JNA, and so the agent, use it. */
    @Test
    void jnaTmpdirIsRespected() throws Exception {
        Path execDir = Files.createDirectories(outsideTmp.resolve("jna-tmp"));
        try (NotifyReceiver systemd = NotifyReceiver.abstractNamespace();
             AgentProcess app = underNoexecTmp(systemd, "-Duser.home=/tmp", "-Djna.tmpdir=" + execDir).start()) {
            assertTmpIsNoexec(app);
            assertWatched(systemd, PROGRESS);
            assertEquals(List.of(), unexpected(app.stderr(), AGENT_LINE), "stderr");
        }
    }

    /** A jna.tmpdir on noexec storage: one error line that names it. */
    @Test
    void aNoexecJnaTmpdirGivesOneClearErrorNamingIt() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.abstractNamespace();
             AgentProcess app = underNoexecTmp(systemd, "-Djna.tmpdir=/tmp/jna").start()) {
            assertTmpIsNoexec(app);
            assertOneClearError(systemd, app, "jna.tmpdir=/tmp/jna");
        }
    }

    private static void assertOneClearError(NotifyReceiver systemd, AgentProcess app, String names)
            throws InterruptedException {
        AgentProcess.Line error = app.awaitStderr("cannot load native access (JNA)", GENEROUS);
        app.awaitStdout("ticks=200", GENEROUS); // the service keeps working, 2 s of ticks at 10 ms
        assertTrue(error.text.startsWith("<3>sd-watchdog: "), error.text);
        assertTrue(error.text.contains("failed to map segment"), error.text);
        assertTrue(error.text.contains(names) && error.text.contains("must allow exec")
                && error.text.contains("-Djna.tmpdir=DIR"), error.text);
        assertEquals(List.of(error.text), unexpected(app.stderr(), "^<6>sd-watchdog: .*"), "one error line, no stack trace");
        assertTrue(systemd.received().isEmpty(), systemd.received().toString());
        assertTrue(app.isAlive(), "the service runs on");
    }
}
