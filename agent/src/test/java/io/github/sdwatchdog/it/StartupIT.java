package io.github.sdwatchdog.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Startup you can see and trust: the status while starting, a ready method that never returns, EXTEND_TIMEOUT_USEC=. */
class StartupIT {
    static final String APP = "com.example.testapp.";
    static final Duration GENEROUS = Duration.ofSeconds(60);
    static final String EXTEND = "EXTEND_TIMEOUT_USEC=5000000";

    @TempDir
    Path dir;

    @Test
    void aReadyMethodBlockedOnALatchIsNamedInTheLogAndTheStatus() throws Exception {
        neverReturns("latch", "CountDownLatch.await");
    }

    @Test
    void aReadyMethodBlockedInAcceptIsNamedInTheLogAndTheStatus() throws Exception {
        neverReturns("accept", "accept");
    }

    private void neverReturns(String how, String waitsIn) throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent("ready=" + APP + "Server#start,startup-stall=3s")
                     .notifySocket(systemd).appArgs("--ready-blocks=" + how).start()) {
            systemd.await(d -> d.text.startsWith("STATUS=starting: waiting for " + APP + "Server#start, entered ")
                    && d.text.contains(" ago on thread main"), GENEROUS, "saying what startup waits for");
            AgentProcess.Line warning = app.awaitStderr("may never return", GENEROUS);
            Instant blocked = AgentProcess.eventTime(app.awaitStdout("startup-blocks=" + how, GENEROUS));
            assertTrue(warning.text.startsWith("<4>sd-watchdog: " + APP + "Server#start was entered "), warning.text);
            assertTrue(warning.text.contains("on thread \"main\" and has not returned; that thread waits in "), warning.text);
            assertTrue(warning.text.contains(waitsIn), warning.text);
            assertTrue(warning.text.contains("name a method that returns when the service is ready"), warning.text);
            app.awaitStderr("<4>sd-watchdog:     at app//" + APP + "StartupModes.blockForever", GENEROUS); // top frames follow
            assertTrue(Duration.between(blocked, warning.read).toMillis() >= 2_500,
                    "not before startup-stall (3 s): " + Duration.between(blocked, warning.read));
            systemd.await(d -> d.text.startsWith("STATUS=starting: " + APP + "Server#start may never return (thread main waits in "),
                    GENEROUS, "the status naming it");
            assertTrue(app.stderrText().split("may never return", -1).length == 2, "said once: " + app.stderrText());
        }
    }

    @Test
    void aMerelySlowStartupIsNotNamedAndSaysHowLongItHasWaited() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent("ready=" + APP + "Server#start,startup-stall=2s")
                     .notifySocket(systemd).appArgs("--startup=8s").start()) {
            systemd.await(d -> d.text.startsWith("STATUS=starting: waiting for " + APP + "Server#start, entered 5 s ago on thread main"),
                    GENEROUS, "saying how long startup has waited");
            systemd.awaitLine("READY=1", GENEROUS);
            app.awaitStderr("sent READY=1", GENEROUS);
            assertFalse(app.stderrText().contains("may never return"), app.stderrText());
            assertFalse(systemd.received().toString().contains("may never return"), systemd.received().toString());
        }
    }

    @Test
    void aWorkingStartupIsExtendedThroughout() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent("ready=" + APP + "Server#start,startup-stall=2s")
                     .notifySocket(systemd).appArgs("--startup-work=8s").start()) {
            NotifyReceiver.Datagram ready = systemd.awaitLine("READY=1", GENEROUS);
            List<NotifyReceiver.Datagram> starting = before(systemd, ready);
            assertTrue(starting.size() >= 5, "a status a second for 8 s: " + starting);
            for (NotifyReceiver.Datagram datagram : starting) {
                assertTrue(datagram.hasLine(EXTEND), "every startup status extends the timeout: " + datagram);
            }
            assertFalse(app.stderrText().contains("no progress"), app.stderrText());
        }
    }

    @Test
    void aStartupThatHangsStopsBeingExtendedAfterStartupStall() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent("ready=" + APP + "Server#start,startup-stall=3s")
                     .notifySocket(systemd).appArgs("--startup-hang-after=3s").start()) {
            NotifyReceiver.Datagram stuck = systemd.await(d -> d.text.contains("start timeout no longer extended"),
                    GENEROUS, "saying the start timeout is no longer extended");
            AgentProcess.Line warning = app.awaitStderr("startup has shown no progress for", GENEROUS);
            Instant hung = AgentProcess.eventTime(app.awaitStdout("startup-hangs", GENEROUS));
            // two more statuses, a second apart, so any extension sent after the verdict would have arrived
            systemd.awaitCount(d -> d.text.contains("start timeout no longer extended"), 3, GENEROUS, "after the verdict");
            NotifyReceiver.Datagram lastExtend = null;
            for (NotifyReceiver.Datagram datagram : systemd.receivedWith(EXTEND)) {
                lastExtend = datagram;
            }
            assertTrue(lastExtend != null, "extended while it worked: " + systemd.received());
            assertTrue(lastExtend.arrived.isBefore(stuck.arrived), "no extension after the verdict: " + systemd.received());
            long afterHang = Duration.between(hung, lastExtend.arrived).toMillis();
            assertTrue(afterHang <= 3_000 + 1_500, "last extension " + afterHang + " ms after the hang (startup-stall 3 s)");
            assertTrue(warning.text.contains("TimeoutStartSec= is no longer extended"), warning.text);
            app.awaitStderr("<4>sd-watchdog:     at app//" + APP + "StartupModes.hangAfter", GENEROUS);
            System.out.println("last EXTEND_TIMEOUT_USEC " + afterHang + " ms after the hang; systemd's timeout falls due "
                    + (afterHang + 5_000) + " ms after it at the latest");
        }
    }

    private static List<NotifyReceiver.Datagram> before(NotifyReceiver systemd, NotifyReceiver.Datagram ready) {
        List<NotifyReceiver.Datagram> starting = new java.util.ArrayList<>();
        for (NotifyReceiver.Datagram datagram : systemd.received()) {
            if (datagram == ready) {
                break;
            }
            if (datagram.text.contains("STATUS=starting")) {
                starting.add(datagram);
            }
        }
        return starting;
    }
}
