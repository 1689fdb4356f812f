package io.github.sdwatchdog.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** READY=1: when the startup method returns, never before, once, and never when it throws. */
class ReadyIT {
    static final String READY_OPTIONS = "ready=com.example.testapp.Server#start";
    static final Duration GENEROUS = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void readyArrivesAfterTheStartupMethodReturnedAndNotBefore() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent(READY_OPTIONS).notifySocket(systemd)
                     .appArgs("--startup=1500ms").start()) {
            NotifyReceiver.Datagram ready = systemd.awaitLine("READY=1", GENEROUS);
            Instant returned = AgentProcess.eventTime(app.awaitStdout("startup-returns", GENEROUS));
            Instant began = AgentProcess.eventTime(app.awaitStdout("startup-begins", GENEROUS));

            assertTrue(!ready.arrived.isBefore(returned), "READY arrived at " + ready.arrived
                    + ", before the startup method returned at " + returned);
            assertTrue(Duration.between(began, ready.arrived).toMillis() >= 1500, "READY came before the 1.5 s startup ended");
            System.out.println("READY delay after return: "
                    + Duration.between(returned, ready.arrived).toNanos() / 1e6 + " ms");
        }
    }

    @Test
    void readyIsSentOnlyOnceEvenWhenTheMethodReturnsAgainAndAgain() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent("ready=com.example.testapp.WorkLoop#tick")
                     .notifySocket(systemd).appArgs("--startup=0ms", "--tick=10ms").start()) {
            systemd.awaitLine("READY=1", GENEROUS);
            app.awaitStdout("ticks=100", GENEROUS);
            assertEquals(1, systemd.receivedWith("READY=1").size(), systemd.received().toString());
        }
    }

    @Test
    void anAgentLoadedTwiceSendsReadyOnceAndSaysSo() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent(READY_OPTIONS)
                     .jvmArg("-javaagent:" + AgentProcess.AGENT_JAR + "=" + READY_OPTIONS)
                     .notifySocket(systemd).appArgs("--startup=0ms", "--tick=10ms").start()) {
            systemd.awaitLine("READY=1", GENEROUS);
            app.awaitStdout("ticks=100", GENEROUS);
            assertEquals(1, systemd.receivedWith("READY=1").size(), systemd.received().toString());
            assertTrue(app.stderrText().contains("<4>sd-watchdog: the agent is loaded twice"), app.stderrText());
            assertTrue(app.stderrText().contains("stays inactive; in force: ready=com.example.testapp.Server#start, stall=30s"),
                    "the warning names the options in force: " + app.stderrText());
        }
    }

    @Test
    void noSlf4jOrJulNoiseAndEveryAgentLineHasAPriority() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent(READY_OPTIONS).notifySocket(systemd).start()) {
            systemd.awaitLine("READY=1", GENEROUS);
            app.awaitStderr("sent READY=1", GENEROUS);
            String stderr = app.stderrText();
            assertFalse(stderr.contains("SLF4J"), stderr);
            for (String line : stderr.split("\n")) {
                assertTrue(line.matches("<[346]>sd-watchdog: .*"), "unprefixed line: " + line);
            }
        }
    }

    @Test
    void nestedClassesAreNamedTheJvmWay() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent("ready=com.example.testapp.Server$Listener#open")
                     .notifySocket(systemd).start()) {
            NotifyReceiver.Datagram ready = systemd.awaitLine("READY=1", GENEROUS);
            Instant opened = AgentProcess.eventTime(app.awaitStdout("listener-open", GENEROUS));
            assertFalse(ready.arrived.isBefore(opened));
        }
    }

    @Test
    void abstractNamespaceSocketReceivesReady() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.abstractNamespace();
             AgentProcess app = AgentProcess.builder().agent(READY_OPTIONS).notifySocket(systemd).start()) {
            assertTrue(systemd.notifySocket().startsWith("@"));
            NotifyReceiver.Datagram ready = systemd.awaitLine("READY=1", GENEROUS);
            assertEquals(ready.text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, ready.byteLength);
            assertFalse(app.stderrText().contains("cannot connect"), app.stderrText());
        }
    }

    @Test
    void withoutNotifySocketTheAgentIsInertAndSaysSoOnce() throws Exception {
        try (AgentProcess app = AgentProcess.builder().agent(READY_OPTIONS + ",progress=com.example.testapp.WorkLoop#tick")
                .appArgs("--startup=0ms", "--tick=10ms").start()) {
            app.awaitStdout("ticks=50", GENEROUS);
            String agentLines = app.stderrText();
            assertEquals(1, agentLines.lines().filter(l -> l.contains("sd-watchdog")).count(), agentLines);
            assertTrue(agentLines.startsWith("<6>sd-watchdog: NOTIFY_SOCKET is not set"), agentLines);
        }
    }

    @Test
    void aStartupMethodThatThrowsSendsNoReadyAndTheExceptionIsLogged() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent(READY_OPTIONS).notifySocket(systemd)
                     .appArgs("--startup=200ms", "--startup-fails").start()) {
            app.awaitStderr("threw; READY=1 is not sent", GENEROUS);
            assertNotEquals(0, app.awaitExit(GENEROUS), "test-app's main rethrows the startup failure");
            assertTrue(app.stderrText().contains("could not bind port 8080 (simulated)"), app.stderrText());
            assertTrue(app.stderrText().contains("<3>sd-watchdog: \tat com.example.testapp.Server.start"), app.stderrText());
            assertEquals(0, systemd.receivedWith("READY=1").size(), systemd.received().toString());
        }
    }
}
