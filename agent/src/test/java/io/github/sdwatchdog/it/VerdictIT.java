package io.github.sdwatchdog.it;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The verdict is right in both directions on the JVMs users run: pings keep their cadence whatever a
 * check costs (10,000 threads 30 frames deep, any check period, an application that interrupts every
 * thread); hangs, spins and deadlocks in virtual threads stop them (JDK 21+; monitors on 24+); a loop
 * thread that died is caught by a heartbeat point. Limits are generous: the tight figures are the bench's.
 */
class VerdictIT {
    static final String APP = "com.example.testapp.";
    static final String OPTIONS = "ready=" + APP + "Server#start,progress=" + APP + "WorkLoop#tick,stall=2s,deadlock-check=1s";
    static final Duration GENEROUS = Duration.ofSeconds(60);
    static final Duration SLACK = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private static AgentProcess start(NotifyReceiver systemd, String options, String watchdogUsec, String... appArgs)
            throws IOException {
        return AgentProcess.builder().agent(options).notifySocket(systemd).env("WATCHDOG_USEC", watchdogUsec)
                .appArgs("--startup=200ms", "--tick=50ms").appArgs(appArgs).start();
    }

    private static List<Instant> pingsAfter(NotifyReceiver systemd, Instant after) {
        List<Instant> times = new ArrayList<>();
        for (NotifyReceiver.Datagram d : systemd.receivedWith("WATCHDOG=1")) {
            if (d.arrived.isAfter(after)) {
                times.add(d.arrived);
            }
        }
        return times;
    }

    private static List<Long> sortedGapsMillis(List<Instant> times) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(Duration.between(times.get(i - 1), times.get(i)).toMillis());
        }
        gaps.sort(null);
        return gaps;
    }

    private static void awaitPings(NotifyReceiver systemd, Instant after, int count) throws InterruptedException {
        systemd.awaitCount(d -> d.hasLine("WATCHDOG=1") && d.arrived.isAfter(after), count, GENEROUS,
                "with WATCHDOG=1 after " + after);
    }

    private static Instant lastPing(NotifyReceiver systemd) {
        List<Instant> all = pingsAfter(systemd, Instant.MIN);
        return all.isEmpty() ? Instant.MIN : all.get(all.size() - 1);
    }

    /** Waits until no ping has come for {@code quiet}: the pings have stopped. */
    private static void awaitPingsStopped(NotifyReceiver systemd, Duration quiet) throws InterruptedException {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (System.nanoTime() < deadline) {
            if (Duration.between(lastPing(systemd), Instant.now()).compareTo(quiet) > 0) {
                return;
            }
            Thread.sleep(100); // polling for a condition, with a deadline
        }
        throw new AssertionError("pings never stopped: " + systemd.received());
    }

    private static boolean atLeast(int feature) {
        return Runtime.version().feature() >= feature;
    }

    @Test
    @Tag("slow") // 10,000 threads: a minute of a 2-core machine; the CI tier runs it
    void tenThousandDeepThreadsDoNotDelayPingsWhileAPointGoesIdle() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = start(systemd, OPTIONS, "1000000", "--idle-threads=10000", "--idle-depth=30",
                     "--fault=idle", "--fault-after=1s")) {
            Instant idle = AgentProcess.eventTime(app.awaitStdout("fault=idle", GENEROUS));
            // The point goes quiet at the fault and idle 2 s later: the moment the old agent read every stack.
            awaitPings(systemd, idle.plusSeconds(6), 1);
            List<Long> gaps = sortedGapsMillis(pingsAfter(systemd, idle));
            long max = gaps.get(gaps.size() - 1);
            System.out.println("10,000 deep threads, point going idle: ping gaps (ms) " + gaps);
            assertTrue(max < 1000, "a ping gap of " + max + " ms reached WatchdogSec=1s: " + gaps);
            assertFalse(app.stderrText().contains("is stuck"), app.stderrText());
        }
    }

    @Test
    @Tag("slow") // 10,000 threads: a minute of a 2-core machine; the CI tier runs it
    void tenThousandDeepThreadsDoNotDelayTheVerdictOnAHang() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = start(systemd, OPTIONS, "1000000", "--idle-threads=10000", "--idle-depth=30",
                     "--fault=hang", "--fault-after=1s")) {
            Instant fault = AgentProcess.eventTime(app.awaitStdout("fault=hang", GENEROUS));
            app.awaitStderr("is stuck", GENEROUS);
            Duration detection = Duration.between(fault, lastPing(systemd));
            System.out.println("10,000 deep threads, hang: last ping " + detection.toMillis() + " ms after the fault; gaps before "
                    + sortedGapsMillis(pingsAfter(systemd, fault.minusSeconds(5))));
            assertTrue(detection.compareTo(Duration.ofSeconds(2).plus(SLACK)) < 0, "pings went on " + detection);
            List<Long> gaps = sortedGapsMillis(pingsAfter(systemd, fault));
            assertTrue(gaps.isEmpty() || gaps.get(gaps.size() - 1) < 1000, "ping gaps while healthy: " + gaps);
        }
    }

    @Test
    void pingsKeepAQuarterOfTheTimeoutWhateverTheCheckPeriod() throws Exception {
        // deadlock-check=990ms once rounded every ping up to a check: gaps of 1.98 s at WatchdogSec=2s.
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = start(systemd, "ready=" + APP + "Server#start,progress=" + APP + "WorkLoop#tick,"
                     + "deadlock-check=990ms", "2000000")) {
            Instant ready = systemd.awaitLine("READY=1", GENEROUS).arrived;
            awaitPings(systemd, ready, 12);
            List<Long> gaps = sortedGapsMillis(pingsAfter(systemd, ready));
            long median = gaps.get(gaps.size() / 2);
            System.out.println("WatchdogSec=2s, deadlock-check=990ms: ping gaps (ms) " + gaps);
            assertTrue(median >= 400 && median <= 700, "median gap " + median + " ms, expected ~500: " + gaps);
        }
    }

    @Test
    void anApplicationThatInterruptsEveryThreadNeitherSpinsNorSilencesTheWatchdog() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = start(systemd, OPTIONS, "1000000", "--fault=interrupt-all", "--fault-after=1s")) {
            Instant fault = AgentProcess.eventTime(app.awaitStdout("fault=interrupt-all", GENEROUS));
            awaitPings(systemd, fault.plusSeconds(1), 1);
            long cpuBefore = agentThreadsCpuMillis(app.pid());
            Instant from = Instant.now();
            awaitPings(systemd, from.plusSeconds(4), 1);
            long cpu = agentThreadsCpuMillis(app.pid()) - cpuBefore;
            long wall = Duration.between(from, Instant.now()).toMillis();
            List<Long> gaps = sortedGapsMillis(pingsAfter(systemd, from));
            System.out.println("interrupted every ms: agent threads used " + cpu + " ms CPU in " + wall + " ms; gaps " + gaps);
            assertTrue(cpu < wall / 4, "the agent's threads spin: " + cpu + " ms CPU in " + wall + " ms");
            // Not silenced: pings kept coming through the 4 s of interrupts (every 250 ms on a quiet machine; a
            // starved one stretched gaps to 1.7 s, so the cadence itself is not asserted).
            assertTrue(gaps.size() >= 3 && gaps.get(gaps.size() - 1) < 2500, "pings stopped: gaps " + gaps);
        }
    }

    @Test
    void withoutAWatchdogTimeoutOrSystemdTheAgentsThreadsStayIdle() throws Exception {
        // No WATCHDOG_USEC means no pings; a loop that waited for the next ping would wait zero and spin.
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir)) {
            assertAgentThreadsIdle(AgentProcess.builder().agent(OPTIONS).notifySocket(systemd)
                    .appArgs("--startup=200ms", "--tick=50ms"));
        }
        assertAgentThreadsIdle(AgentProcess.builder().agent(OPTIONS + ",http=" + ProbesIT.freePort())
                .appArgs("--startup=200ms", "--tick=50ms"));
    }

    private static void assertAgentThreadsIdle(AgentProcess.Builder builder) throws Exception {
        try (AgentProcess app = builder.start()) {
            app.awaitStderr("sd-watchdog: ", GENEROUS);
            app.awaitStdout("ticks=50", GENEROUS); // well after READY and the first checks
            long cpuBefore = agentThreadsCpuMillis(app.pid());
            long from = System.nanoTime();
            app.awaitStdout("ticks=150", GENEROUS); // about 5 s of a healthy service
            long cpu = agentThreadsCpuMillis(app.pid()) - cpuBefore;
            long wall = (System.nanoTime() - from) / 1_000_000;
            System.out.println("no WATCHDOG_USEC: agent threads used " + cpu + " ms CPU in " + wall + " ms");
            assertTrue(cpu < wall / 10, "the agent's threads spin: " + cpu + " ms CPU in " + wall + " ms");
        }
    }

    /** CPU time (user + system) of the process's threads named sd-watchdog*, from /proc. */
    private static long agentThreadsCpuMillis(long pid) throws IOException {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(Paths.get("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String comm = Files.readString(task.resolve("comm")).trim();
                if (!comm.startsWith("sd-watchdog")) {
                    continue;
                }
                String stat = Files.readString(task.resolve("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            }
        }
        return ticks * 10; // USER_HZ is 100 on Linux
    }

    @Test
    void aDeadLoopThreadStopsPingsThroughItsHeartbeatPoint() throws Exception {
        String options = "ready=" + APP + "Server#start,heartbeat=" + APP + "WorkLoop#tick@2s,deadlock-check=1s";
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = start(systemd, options, "1000000", "--fault=loop-dies", "--fault-after=2s")) {
            Instant fault = AgentProcess.eventTime(app.awaitStdout("fault=loop-dies", GENEROUS));
            AgentProcess.Line report = app.awaitStderr("heartbeat point " + APP + "WorkLoop#tick has stopped", GENEROUS);
            systemd.await(d -> d.text.startsWith("STATUS=UNHEALTHY") && d.text.contains("heartbeat"), GENEROUS, "status");
            Duration detection = Duration.between(fault, lastPing(systemd));
            System.out.println("loop thread died: last ping " + detection.toMillis() + " ms after the fault");
            assertTrue(detection.compareTo(Duration.ofSeconds(2).plus(SLACK)) < 0, "pings went on " + detection);
            awaitPingsStopped(systemd, Duration.ofSeconds(3));
            assertTrue(report.text.startsWith("<3>"), report.text);
            assertTrue(app.stderrText().contains("\"work-loop\" #"), app.stderrText());
            assertTrue(app.stderrText().contains("has ended (TERMINATED)"), app.stderrText());
            assertTrue(app.isAlive(), "the service itself lives on: only the watchdog can restart it");
        }
    }

    @Test
    void aDeadLoopThreadUnderAProgressPointAloneLooksIdle() throws Exception {
        // The case heartbeat points exist for: this must stay healthy, or progress points would kill idle servers.
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = start(systemd, OPTIONS, "1000000", "--fault=loop-dies", "--fault-after=1s")) {
            Instant fault = AgentProcess.eventTime(app.awaitStdout("fault=loop-dies", GENEROUS));
            awaitPings(systemd, fault.plusSeconds(5), 1);
            assertFalse(app.stderrText().contains("UNHEALTHY"), app.stderrText());
        }
    }

    @Test
    void aHangInAVirtualThreadIsStuckAndTheReportShowsItsStack() throws Exception {
        assumeTrue(atLeast(21), "virtual threads need JDK 21+");
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = start(systemd, OPTIONS, "1000000", "--virtual-loop", "--fault=hang", "--fault-after=2s")) {
            Instant fault = AgentProcess.eventTime(app.awaitStdout("fault=hang", GENEROUS));
            app.awaitStderr("is stuck", GENEROUS);
            Duration detection = Duration.between(fault, lastPing(systemd));
            System.out.println("virtual thread hang: last ping " + detection.toMillis() + " ms after the fault");
            assertTrue(detection.compareTo(Duration.ofSeconds(2).plus(SLACK)) < 0, "pings went on " + detection);
            awaitPingsStopped(systemd, Duration.ofSeconds(3));
            String stderr = app.stderrText();
            assertTrue(stderr.contains("virtual thread \"work-loop\""), stderr);
            assertTrue(stderr.contains("com.example.testapp.WorkLoop.tick(WorkLoop.java"), stderr);
            assertTrue(stderr.contains("<-- progress point"), stderr);
        }
    }

    @Test
    void aSpinInAVirtualThreadIsStuck() throws Exception {
        assumeTrue(atLeast(21), "virtual threads need JDK 21+");
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = start(systemd, OPTIONS, "1000000", "--virtual-loop", "--fault=spin", "--fault-after=2s")) {
            Instant fault = AgentProcess.eventTime(app.awaitStdout("fault=spin", GENEROUS));
            app.awaitStderr("is stuck", GENEROUS);
            app.awaitStderr("com.example.testapp.Faults.spin", GENEROUS); // the spinning virtual thread's stack
            Duration detection = Duration.between(fault, lastPing(systemd));
            System.out.println("virtual thread spin: last ping " + detection.toMillis() + " ms after the fault");
            assertTrue(detection.compareTo(Duration.ofSeconds(2).plus(SLACK)) < 0, "pings went on " + detection);
            assertTrue(app.stderrText().contains("virtual thread \"work-loop\""), app.stderrText());
        }
    }

    @Test
    void aReentrantLockDeadlockAmongVirtualThreadsIsFound() throws Exception {
        assumeTrue(atLeast(21), "virtual threads need JDK 21+");
        assertVirtualDeadlock("virtual-lock-deadlock", "java.util.concurrent.locks.ReentrantLock$NonfairSync@",
                "transfer-a", "transfer-b");
    }

    @Test
    void aMonitorDeadlockAmongVirtualThreadsIsFound() throws Exception {
        assumeTrue(atLeast(24), "virtual threads block on monitors without pinning from JDK 24");
        assertVirtualDeadlock("virtual-sync-deadlock", "java.lang.Object@", "refresh-cache", "rebuild-index");
    }

    private void assertVirtualDeadlock(String fault, String lockType, String threadA, String threadB) throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = start(systemd, OPTIONS, "1000000", "--fault=" + fault, "--fault-after=2s")) {
            Instant faulted = AgentProcess.eventTime(app.awaitStdout("fault=" + fault, GENEROUS));
            app.awaitStderr("deadlock: 2 threads wait for each other forever", GENEROUS);
            systemd.await(d -> d.text.contains("deadlock among 2 threads"), GENEROUS, "deadlock status");
            Duration detection = Duration.between(faulted, lastPing(systemd));
            System.out.println(fault + ": last ping " + detection.toMillis() + " ms after the fault");
            assertTrue(detection.compareTo(Duration.ofSeconds(1).plus(SLACK)) < 0, "pings went on " + detection);
            awaitPingsStopped(systemd, Duration.ofSeconds(3));
            String stderr = app.stderrText();
            assertTrue(stderr.contains("virtual thread \"" + threadA + "\" #"), stderr);
            assertTrue(stderr.contains("virtual thread \"" + threadB + "\" #"), stderr);
            assertTrue(stderr.contains("wants <" + lockType), stderr);
            assertTrue(stderr.contains("held by \"" + threadA + "\""), stderr);
            assertTrue(stderr.contains("held by \"" + threadB + "\""), stderr);
        }
    }
}
