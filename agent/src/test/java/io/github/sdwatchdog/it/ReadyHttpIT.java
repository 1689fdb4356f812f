package io.github.sdwatchdog.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ready=http:<port>/<path> against test-app's health URL, which listens before startup and answers 503 until
 * the startup method has returned, then 200: READY follows the first 2xx, never precedes it. Bounds on a
 * shared machine are generous where the agent does not decide the time; the figures are printed for the record.
 */
class ReadyHttpIT {
    static final Duration GENEROUS = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void readyComesWithinHalfASecondOfTheFirst2xxAndNeverBefore() throws Exception {
        int port = freePort();
        String url = "http://127.0.0.1:" + port + "/health/ready";
        Path started = dir.resolve("started");
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent("ready=http:" + port + "/health/ready")
                     .notifySocket(systemd).appArgs("--health=" + port, "--startup-until=" + started).start()) {
            NotifyReceiver.Datagram asking = systemd.awaitLine("STATUS=starting: waiting for " + url + ": 503", GENEROUS);
            Thread.sleep(3_000); // the rest of a startup that the agent keeps asking about
            long unready = countStdout(app, "health-answered status=503");
            Files.createFile(started);
            NotifyReceiver.Datagram ready = systemd.awaitLine("READY=1", GENEROUS);
            Instant serving = AgentProcess.eventTime(app.awaitStdout("health-serving", GENEROUS));
            Instant first2xx = AgentProcess.eventTime(app.awaitStdout("health-answered status=200", GENEROUS));
            long afterServing = Duration.between(serving, ready.arrived).toMillis();
            long after2xx = Duration.between(first2xx, ready.arrived).toMillis();
            long askingMillis = Duration.between(asking.arrived, serving).toMillis();
            System.out.println("ready=http: READY " + afterServing + " ms after the URL began to answer 200, " + after2xx
                    + " ms after its first 200; " + unready + " answers of 503 in the " + askingMillis + " ms it was asked; "
                    + app.awaitStderr("sent READY=1", GENEROUS).text);
            assertFalse(ready.arrived.isBefore(serving), "READY " + ready.arrived + " before the URL answered 200 " + serving);
            assertTrue(after2xx <= 500, "READY " + after2xx + " ms after the first 200");
            assertTrue(afterServing < 2_000, "READY " + afterServing + " ms after the URL began to answer 200: a regression");
            // Polite: 50, 100, 200, then 250 ms apart is at most 15 requests in 3 s; a busy loop would make hundreds.
            assertTrue(unready <= 20, unready + " requests answered 503 in 3 s");
            assertTrue(app.stderrText().contains("sent READY=1, "), app.stderrText());
            assertTrue(app.stderrText().contains(" after " + url + " answered 200 ("), app.stderrText());
        }
    }

    @Test
    void aUrlThatNeverAnswers2xxNeverSendsReadyAndSaysWhatItGot() throws Exception {
        int port = freePort();
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent("ready=http:" + port + "/wrong")
                     .notifySocket(systemd).appArgs("--health=" + port, "--startup=0ms").start()) {
            app.awaitStdout("health-serving", GENEROUS);
            // An answer given once the service serves: the agent has asked a ready service and was told 404.
            awaitStdoutCount(app, "health-answered status=404", countStdout(app, "health-answered status=404") + 1);
            systemd.awaitLine("STATUS=starting: waiting for http://127.0.0.1:" + port + "/wrong: 404", GENEROUS);
            assertTrue(systemd.receivedWith("READY=1").isEmpty(), "READY for a URL that answered 404");
        }
    }

    @Test
    void nothingListeningIsSaidAsARefusedConnection() throws Exception {
        int port = freePort();
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent("ready=http:" + port).notifySocket(systemd)
                     .appArgs("--startup=0ms").start()) {
            systemd.awaitLine("STATUS=starting: waiting for http://127.0.0.1:" + port + "/: connection refused", GENEROUS);
            assertTrue(systemd.receivedWith("READY=1").isEmpty(), "READY with nothing listening");
        }
    }

    @Test
    void theAgentsOwnProbePortIsRefusedByTheAgentAndByCheck() throws Exception {
        int port = freePort();
        for (String ready : List.of("http:" + port + "/readyz", "listen:" + port)) {
            String options = "ready=" + ready + ",http=" + port;
            String said = "option 'ready' in the agent arguments: '" + ready + "' waits for port " + port
                    + ", where the agent's own probe server listens";
            try (AgentProcess app = AgentProcess.builder().agent(options).appArgs("--startup=0ms").start()) {
                assertEquals(78, app.awaitExit(GENEROUS), app.stderrText());
                assertTrue(app.stderrText().contains(said), app.stderrText());
            }
            try (AgentProcess check = AgentProcess.builder().main("-jar", AgentProcess.AGENT_JAR.toString(), "check", options).start()) {
                assertEquals(78, check.awaitExit(GENEROUS), check.stdoutText());
                assertTrue(check.stderrText().contains(said), check.stderrText());
            }
        }
    }

    private static long countStdout(AgentProcess app, String contains) {
        return app.stdout().stream().filter(line -> line.text.contains(contains)).count();
    }

    /** Polls the captured output until a line has appeared that often, with a deadline. */
    private static void awaitStdoutCount(AgentProcess app, String contains, long count) throws InterruptedException {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (countStdout(app, contains) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " lines with '" + contains + "' within " + GENEROUS
                        + "\n" + app.stdoutText());
            }
            Thread.sleep(20); // between looks at a condition with a deadline
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
