package io.github.sdwatchdog.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.github.sdwatchdog.it.VerdictIT.GENEROUS;
import static io.github.sdwatchdog.it.VerdictIT.OPTIONS;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A deadlock is a cycle of waits without a timeout: two threads that take two locks in opposite order, the
 * second with {@code tryLock(300 ms)}, and back off on timeout, are never one, though ThreadMXBean says so
 * whenever they collide. (Real cycles, ReentrantLock and monitors, platform and virtual, stop the pings
 * within deadlock-check: {@code WatchdogIT} and {@code VerdictIT}.)
 */
class DeadlockTruthIT {
    private static final Duration WATCHED = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aTryLockBackOffIsNoDeadlock() throws Exception {
        String lastEvent = assertNoDeadlockVerdict("trylock-backoff");
        assertTrue(count(lastEvent, "jvm-deadlock-reports") >= 3,
                "ThreadMXBean never called the back-off a deadlock, so this test proves nothing: " + lastEvent);
    }

    @Test
    void aTryLockBackOffAmongVirtualThreadsIsNoDeadlock() throws Exception {
        assumeTrue(VerdictIT.atLeast(21), "virtual threads need JDK 21+");
        assertNoDeadlockVerdict("virtual-trylock-backoff");
    }

    /** Runs the back-off for 20 s at deadlock-check=1s; returns its last progress event. */
    private String assertNoDeadlockVerdict(String fault) throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = VerdictIT.start(systemd, OPTIONS, "1000000", "--fault=" + fault, "--fault-after=1s")) {
            Instant faulted = AgentProcess.eventTime(app.awaitStdout("fault=" + fault, GENEROUS));
            long end = System.nanoTime() + WATCHED.toNanos();
            while (System.nanoTime() < end) {
                assertFalse(app.stderrText().contains("deadlock"), app.stderrText());
                assertFalse(systemd.received().toString().contains("UNHEALTHY"), systemd.received().toString());
                Thread.sleep(100); // observing an absence for 20 s: there is no event to wait for
            }
            List<Instant> pings = VerdictIT.pingsAfter(systemd, faulted);
            Duration sinceLastPing = Duration.between(VerdictIT.lastPing(systemd), Instant.now());
            List<AgentProcess.Line> events = app.stdout().stream().filter(l -> l.text.contains("backoff transfers=")).collect(Collectors.toList());
            String last = events.isEmpty() ? "" : events.get(events.size() - 1).text;
            System.out.println(fault + ": " + pings.size() + " pings in " + WATCHED.getSeconds() + " s, ping gaps (ms) "
                    + VerdictIT.sortedGapsMillis(pings) + "; " + last);
            assertTrue(sinceLastPing.compareTo(Duration.ofSeconds(3)) < 0, "the pings stopped " + sinceLastPing + " ago");
            assertTrue(count(last, "timeouts") >= 10, "the threads never collided: " + last);
            assertTrue(count(last, "transfers") >= 1, "the back-off never got through: " + last);
            return last;
        }
    }

    private static long count(String event, String name) {
        Matcher m = Pattern.compile(name + "=(\\d+)").matcher(event);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
