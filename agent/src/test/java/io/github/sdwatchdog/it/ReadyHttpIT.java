package io.github.sdwatchdog.it;

import org.junit.jupiter.api.Tag;
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
    void readyFollowsTheFirst2xxNeverPrecedesItAndTheUrlIsAskedPolitely() throws Exception {
        Figures figures = startAndTurnReady();
        assertFalse(figures.ready.isBefore(figures.serving), "READY " + figures.ready + " before the URL answered 200 "
                + figures.serving);
        assertTrue(figures.afterServingMillis() < 5_000, "READY " + figures.afterServingMillis()
                + " ms after the URL began to answer 200: a regression");
        // 50, 100, then 200 ms apart is at most 17 requests in 3 s; a busy loop would make hundreds.
        assertTrue(figures.unready <= 30, figures.unready + " requests answered 503 in 3 s");
        assertTrue(figures.log.contains("sent READY=1, ") && figures.log.contains(" after " + figures.url + " answered 200 ("),
                figures.log);
    }

    @Test
    @Tag("slow") // a time bound on a shared machine: the CI tier runs it
    void readyComesWithinHalfASecondOfTheFirst2xx() throws Exception {
        Figures figures = startAndTurnReady();
        assertFalse(figures.ready.isBefore(figures.serving), "READY before the URL answered 200");
        assertTrue(figures.afterFirst2xxMillis() <= 500, "READY " + figures.afterFirst2xxMillis() + " ms after the first 200");
        // The URL turned between two requests at most 200 ms apart: READY within 500 ms of the turn, too.
        assertTrue(figures.afterServingMillis() <= 500, "READY " + figures.afterServingMillis()
                + " ms after the URL began to answer 200");
    }

    /** What one start showed: when the URL turned, when it first answered 200, when READY arrived. */
    private static final class Figures {
        String url;
        Instant serving;
        Instant first2xx;
        Instant ready;
        long unready;
        String log;

        long afterServingMillis() {
            return Duration.between(serving, ready).toMillis();
        }

        long afterFirst2xxMillis() {
            return Duration.between(first2xx, ready).toMillis();
        }
    }

    /** test-app's health URL answers 503 while the agent asks for 3 s, then its startup ends and it answers 200. */
    private Figures startAndTurnReady() throws Exception {
        int port = freePort();
        Figures figures = new Figures();
        figures.url = "http://127.0.0.1:" + port + "/health/ready";
        Path started = dir.resolve("started");
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent("ready=http:" + port + "/health/ready")
                     .notifySocket(systemd).appArgs("--health=" + port, "--startup-until=" + started).start()) {
            systemd.awaitLine("STATUS=starting: waiting for " + figures.url + ": 503", GENEROUS);
            Thread.sleep(3_000); // the rest of a startup that the agent keeps asking about
            figures.unready = countStdout(app, "health-answered status=503");
            Files.createFile(started);
            figures.ready = systemd.awaitLine("READY=1", GENEROUS).arrived;
            figures.serving = AgentProcess.eventTime(app.awaitStdout("health-serving", GENEROUS));
            figures.first2xx = AgentProcess.eventTime(app.awaitStdout("health-answered status=200", GENEROUS));
            figures.log = app.awaitStderr("sent READY=1", GENEROUS).text;
            System.out.println("ready=http: READY " + figures.afterServingMillis() + " ms after the URL began to answer"
                    + " 200, " + figures.afterFirst2xxMillis() + " ms after its first 200; " + figures.unready
                    + " answers of 503 in the 3 s it was asked while starting; " + figures.log);
        }
        return figures;
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
