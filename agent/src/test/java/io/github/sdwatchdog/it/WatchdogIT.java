package io.github.sdwatchdog.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The health-gated watchdog against a real notify socket: pings at WATCHDOG_USEC/4 while healthy, none
 * after a hang, a spin or a deadlock, resumed after a recovery. Time limits are generous on purpose: the
 * tight figures belong to the benchmarks.
 */
class WatchdogIT {
    static final String OPTIONS = "ready=com.example.testapp.Server#start,progress=com.example.testapp.WorkLoop#tick,"
            + "stall=2s,deadlock-check=1s";
    static final Duration INTERVAL = Duration.ofMillis(250); // WATCHDOG_USEC=1s
    static final Duration GENEROUS = Duration.ofSeconds(30);
    static final Duration SLACK = Duration.ofSeconds(5); // scheduling noise on a busy 2-core machine

    @TempDir
    Path dir;

    private AgentProcess start(NotifyReceiver systemd, String options, String... appArgs) throws Exception {
        return AgentProcess.builder().agent(options).notifySocket(systemd).env("WATCHDOG_USEC", "1000000")
                .appArgs("--startup=200ms", "--tick=50ms").appArgs(appArgs).start();
    }

    private static List<Instant> pings(NotifyReceiver systemd) {
        List<Instant> times = new ArrayList<>();
        for (NotifyReceiver.Datagram d : systemd.receivedWith("WATCHDOG=1")) {
            times.add(d.arrived);
        }
        return times;
    }

    /** Waits until at least {@code count} pings have arrived after {@code after}. */
    private static void awaitPings(NotifyReceiver systemd, Instant after, int count) throws InterruptedException {
        systemd.awaitCount(d -> d.hasLine("WATCHDOG=1") && d.arrived.isAfter(after), count, GENEROUS,
                "with WATCHDOG=1 after " + after);
    }

    private static Instant lastPing(NotifyReceiver systemd) {
        List<Instant> times = pings(systemd);
        return times.isEmpty() ? Instant.MIN : times.get(times.size() - 1);
    }

    /** Asserts no ping arrives during {@code window} from now: a quiet period that must stay quiet. */
    private static void assertNoPingsFor(NotifyReceiver systemd, Duration window) throws InterruptedException {
        Instant from = Instant.now();
        long end = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(100); // observing an absence: there is no event to wait for
        }
        assertTrue(pings(systemd).stream().noneMatch(t -> t.isAfter(from)), "a ping arrived after " + from
                + ": " + systemd.received());
    }

    @Test
    void healthyServicePingsAtAQuarterOfTheWatchdogTimeout() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = start(systemd, OPTIONS)) {
            Instant ready = systemd.awaitLine("READY=1", GENEROUS).arrived;
            awaitPings(systemd, ready, 8);
            List<Instant> times = pings(systemd);
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < times.size(); i++) {
                gaps.add(Duration.between(times.get(i - 1), times.get(i)).toMillis());
            }
            gaps.sort(null);
            long median = gaps.get(gaps.size() / 2);
            assertTrue(median >= 200 && median <= 400, "median gap " + median + " ms, expected ~250: " + gaps);
            assertFalse(app.stderrText().contains("UNHEALTHY"), app.stderrText());
        }
    }

    @Test
    void idleOutsideTheLoopMethodKeepsPinging() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = start(systemd, OPTIONS, "--fault=idle", "--fault-after=1s")) {
            Instant idle = AgentProcess.eventTime(app.awaitStdout("fault=idle", GENEROUS));
            // idle for twice the stall and more: pings must keep coming all along
            awaitPings(systemd, idle.plusSeconds(5), 2);
            assertFalse(app.stderrText().contains("is stuck"), app.stderrText());
            assertTrue(app.isAlive());
        }
    }

    @Test
    void aHangInsideTheLoopMethodStopsPingsAndTheReportNamesTheFrameAndLockOwner() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = start(systemd, OPTIONS, "--fault=hang", "--fault-after=2s")) {
            Instant fault = AgentProcess.eventTime(app.awaitStdout("fault=hang", GENEROUS));
            AgentProcess.Line report = app.awaitStderr("is stuck", GENEROUS);
            systemd.await(d -> d.text.startsWith("STATUS=UNHEALTHY"), GENEROUS, "unhealthy status");

            Duration detection = Duration.between(fault, lastPing(systemd));
            assertTrue(detection.compareTo(Duration.ofSeconds(2).plus(INTERVAL).plus(SLACK)) < 0,
                    "pings went on " + detection + " after the hang");
            System.out.println("hang: last ping " + detection.toMillis() + " ms after the fault");
            assertNoPingsFor(systemd, Duration.ofSeconds(4));

            String stderr = app.stderrText();
            assertTrue(report.text.startsWith("<3>"), report.text);
            assertTrue(stderr.contains("progress point com.example.testapp.WorkLoop#tick is stuck"), stderr);
            assertTrue(stderr.contains("at app//com.example.testapp.WorkLoop.tick(WorkLoop.java") 
                    || stderr.contains("at com.example.testapp.WorkLoop.tick(WorkLoop.java"), stderr);
            assertTrue(stderr.contains("<-- progress point"), stderr);
            assertTrue(stderr.contains("held by \"config-reloader\""), stderr);
            assertTrue(stderr.contains("owners of the locks they wait on"), stderr);
        }
    }

    @Test
    void aBusySpinInsideTheLoopMethodStopsPings() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = start(systemd, OPTIONS, "--fault=spin", "--fault-after=2s")) {
            Instant fault = AgentProcess.eventTime(app.awaitStdout("fault=spin", GENEROUS));
            app.awaitStderr("is stuck", GENEROUS);
            Duration detection = Duration.between(fault, lastPing(systemd));
            assertTrue(detection.compareTo(Duration.ofSeconds(2).plus(INTERVAL).plus(SLACK)) < 0,
                    "pings went on " + detection + " after the spin");
            System.out.println("spin: last ping " + detection.toMillis() + " ms after the fault");
            assertNoPingsFor(systemd, Duration.ofSeconds(3));
            assertTrue(app.stderrText().contains("RUNNABLE"), app.stderrText());
            assertTrue(app.stderrText().contains("com.example.testapp.Faults.spin"), app.stderrText());
        }
    }

    @Test
    void aReentrantLockDeadlockStopsPingsAndNamesTheThreads() throws Exception {
        assertDeadlockDetected("lock-deadlock", "transfer-a", "transfer-b", "java.util.concurrent.locks.ReentrantLock$NonfairSync@");
    }

    @Test
    void aSynchronizedDeadlockStopsPingsAndNamesTheThreads() throws Exception {
        assertDeadlockDetected("sync-deadlock", "refresh-cache", "rebuild-index", "java.lang.Object@");
    }

    private void assertDeadlockDetected(String fault, String threadA, String threadB, String lockType) throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = start(systemd, OPTIONS, "--fault=" + fault, "--fault-after=2s")) {
            Instant faulted = AgentProcess.eventTime(app.awaitStdout("fault=" + fault, GENEROUS));
            app.awaitStderr("deadlock: 2 threads wait for each other forever", GENEROUS);
            systemd.await(d -> d.text.contains("deadlock among 2 threads"), GENEROUS, "deadlock status");
            Duration detection = Duration.between(faulted, lastPing(systemd));
            assertTrue(detection.compareTo(Duration.ofSeconds(1).plus(INTERVAL).plus(SLACK)) < 0,
                    "pings went on " + detection + " after the deadlock");
            System.out.println(fault + ": last ping " + detection.toMillis() + " ms after the fault");
            assertNoPingsFor(systemd, Duration.ofSeconds(3));
            String stderr = app.stderrText();
            assertTrue(stderr.contains("thread \"" + threadA + "\" holds [<" + lockType), stderr);
            assertTrue(stderr.contains("held by \"" + threadB + "\""), stderr);
            assertTrue(stderr.contains("held by \"" + threadA + "\""), stderr);
        }
    }

    @Test
    void aSlowTickThatRecoversStopsThenResumesThePings() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = start(systemd, OPTIONS, "--fault=slow-tick", "--slow-tick=5s", "--fault-after=2s")) {
            app.awaitStderr("is stuck", GENEROUS);
            AgentProcess.Line recovered = app.awaitStderr("recovered", GENEROUS);
            assertTrue(recovered.text.startsWith("<6>sd-watchdog: recovered (com.example.testapp.WorkLoop#tick"),
                    recovered.text);
            awaitPings(systemd, recovered.read, 2);
            systemd.await(d -> d.text.startsWith("STATUS=healthy") && d.arrived.isAfter(recovered.read.minusSeconds(1)),
                    GENEROUS, "healthy status again");
        }
    }

    @Test
    void onUnhealthyTriggerSendsWatchdogTrigger() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = start(systemd, OPTIONS + ",on-unhealthy=trigger", "--fault=lock-deadlock", "--fault-after=1s")) {
            NotifyReceiver.Datagram trigger = systemd.awaitLine("WATCHDOG=trigger", GENEROUS);
            assertTrue(trigger.text.contains("STATUS=UNHEALTHY"), trigger.text);
        }
    }

    @Test
    void aPauseOfTheWholeJvmLongerThanStallIsNotAStall() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = start(systemd, OPTIONS)) {
            Instant ready = systemd.awaitLine("READY=1", GENEROUS).arrived;
            awaitPings(systemd, ready, 2);
            app.signal("STOP");
            Instant stopped = Instant.now();
            Thread.sleep(4_000); // the pause itself is the stimulus: twice the 2 s stall
            app.signal("CONT");
            awaitPings(systemd, Instant.now(), 3);
            app.awaitStderr("late: the JVM was paused", GENEROUS);
            assertFalse(app.stderrText().contains("is stuck"), app.stderrText());
            assertFalse(systemd.received().toString().contains("UNHEALTHY"), systemd.received().toString());
            System.out.println("pause: stopped at " + stopped + ", pings resumed");
        }
    }

    @Test
    void exitSendsStoppingAndPingsEnd() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = start(systemd, OPTIONS, "--fault=exit", "--fault-after=2s", "--exit-code=3")) {
            assertEquals(3, app.awaitExit(GENEROUS));
            NotifyReceiver.Datagram stopping = systemd.awaitLine("STOPPING=1", GENEROUS);
            assertTrue(pings(systemd).stream().noneMatch(t -> t.isAfter(stopping.arrived)), systemd.received().toString());
        }
    }

    @Test
    void sigtermSendsStopping() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = start(systemd, OPTIONS)) {
            systemd.awaitLine("WATCHDOG=1", GENEROUS);
            app.signal("TERM");
            app.awaitExit(GENEROUS);
            systemd.awaitLine("STOPPING=1", GENEROUS);
        }
    }

    @Test
    void withoutWatchdogUsecNoPingsAndOneWarningNamesWatchdogSec() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent(OPTIONS).notifySocket(systemd)
                     .appArgs("--startup=200ms", "--tick=50ms").start()) {
            systemd.awaitLine("READY=1", GENEROUS);
            AgentProcess.Line warning = app.awaitStderr("WatchdogSec=", GENEROUS);
            assertTrue(warning.text.startsWith("<4>"), warning.text);
            assertNoPingsFor(systemd, Duration.ofSeconds(2));
            assertEquals(1, app.stderrText().lines().filter(l -> l.contains("WatchdogSec=")).count());
        }
    }

    @Test
    void watchdogPidOfThisProcessPings() throws Exception {
        // The pid is only known after start, so the JVM is started through a shell that exports its own pid and execs.
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent(OPTIONS).notifySocket(systemd)
                     .env("WATCHDOG_USEC", "1000000")
                     .prefix("sh", "-c", "WATCHDOG_PID=$$ exec \"$0\" \"$@\"")
                     .appArgs("--startup=200ms", "--tick=50ms").start()) {
            systemd.awaitLine("WATCHDOG=1", GENEROUS);
            assertFalse(app.stderrText().contains("names another process"), app.stderrText());
        }
    }
}
