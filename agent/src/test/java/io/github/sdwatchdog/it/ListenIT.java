package io.github.sdwatchdog.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code java -jar agent.jar listen PATH} never destroys anything: it replaces only a stale socket. */
class ListenIT {
    static final Duration GENEROUS = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static AgentProcess listen(Path path) throws Exception {
        return AgentProcess.builder().main("-jar", AgentProcess.AGENT_JAR.toString(), "listen", path.toString()).start();
    }

    @Test
    void aFileIsLeftAloneAndTheRefusalSaysWhy() throws Exception {
        Path file = dir.resolve("app.conf");
        Files.writeString(file, "important=1\n");
        try (AgentProcess listen = listen(file)) {
            assertEquals(1, listen.awaitExit(GENEROUS));
            assertTrue(listen.stderrText().contains("listen: " + file + " exists and is not a socket; listen replaces nothing but a stale socket"),
                    listen.stderrText());
        }
        assertEquals("important=1\n", Files.readString(file));
    }

    @Test
    void aLiveSocketIsLeftAloneAndKeepsWorking() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir)) {
            Path socket = dir.resolve("notify.sock");
            try (AgentProcess listen = listen(socket)) {
                assertEquals(1, listen.awaitExit(GENEROUS));
                assertTrue(listen.stderrText().contains("a process is listening on " + socket), listen.stderrText());
            }
            try (AgentProcess app = AgentProcess.builder().agent("ready=com.example.testapp.Server#start")
                    .notifySocket(systemd).appArgs("--startup=0ms").start()) {
                systemd.awaitLine("READY=1", GENEROUS);
            }
        }
    }

    @Test
    void aStaleSocketIsReplaced() throws Exception {
        Path socket = dir.resolve("notify.sock");
        NotifyReceiver gone = NotifyReceiver.atPath(dir);
        gone.closeKeepingFile(); // like a crashed listener: the file stays, nothing answers on it
        assertTrue(Files.exists(socket));
        try (AgentProcess listen = listen(socket)) {
            listen.awaitStdout("replaced the stale socket " + socket, GENEROUS);
            listen.awaitStdout("listening on NOTIFY_SOCKET=" + socket, GENEROUS);
            try (AgentProcess app = AgentProcess.builder().agent("ready=com.example.testapp.Server#start")
                    .env("NOTIFY_SOCKET", socket.toString()).appArgs("--startup=0ms").start()) {
                listen.awaitStdout("READY=1", GENEROUS);
            }
        }
    }
}
