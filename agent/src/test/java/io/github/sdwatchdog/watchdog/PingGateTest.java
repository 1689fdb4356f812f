package io.github.sdwatchdog.watchdog;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.OptionsParser;
import io.github.sdwatchdog.config.WatchPoint;
import io.github.sdwatchdog.health.HealthRules;
import io.github.sdwatchdog.health.PointCounters;
import io.github.sdwatchdog.health.ThreadInspector;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A ping means a fresh, healthy verdict: pings stop when checks stop completing, and resume when they do. */
class PingGateTest {
    private static final long MS = 1_000_000L;

    private final List<String> said = new ArrayList<>();
    private final PingGate.FreshnessListener listener = (fresh, age) -> said.add(fresh ? "fresh" : "stale " + age / MS);

    @Test
    void aFreshHealthyVerdictMayPingAnUnhealthyOneMayNot() {
        PingGate gate = new PingGate(250 * MS);
        assertTrue(gate.mayPing(true, 0, 100 * MS, listener));
        assertFalse(gate.mayPing(false, 0, 100 * MS, listener));
        assertTrue(said.isEmpty());
    }

    @Test
    void aVerdictOlderThanFourCheckPeriodsOrTwoSecondsStopsThePingsAndSaysSoOnce() {
        PingGate gate = new PingGate(1000 * MS);
        assertEquals(4000 * MS, gate.staleAfterNanos());
        assertTrue(gate.mayPing(true, 0, 3999 * MS, listener));
        assertFalse(gate.mayPing(true, 0, 4000 * MS, listener));
        assertFalse(gate.mayPing(true, 0, 5000 * MS, listener));
        assertEquals(List.of("stale 4000"), said);
        assertTrue(gate.mayPing(true, 5000 * MS, 5100 * MS, listener), "a check completed again");
        assertEquals(List.of("stale 4000", "fresh"), said);
        assertEquals(2000 * MS, new PingGate(50 * MS).staleAfterNanos(), "never less than 2 s");
    }

    @Test
    void aCheckThatHangsLeavesTheLatestVerdictToGrowStale() throws Exception {
        CountDownLatch hung = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger searches = new AtomicInteger();
        ThreadInspector hangsOnTheThirdSearch = new ThreadInspector() {
            @Override
            public long[] threadsInside(WatchPoint point, int[] stripes, List<Thread> lastThreads) {
                return new long[0];
            }

            @Override
            public long[] virtualThreadsInside(WatchPoint point, int[] stripes) {
                return new long[0];
            }

            @Override
            public long[] deadlockedThreads() {
                if (searches.incrementAndGet() == 3) {
                    hung.countDown();
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return new long[0];
            }

            @Override
            public String describeStall(WatchPoint point, Duration quiet, long[] threadIds) {
                return "";
            }

            @Override
            public String describeMissedHeartbeat(WatchPoint point, Duration quiet, List<Thread> lastThreads) {
                return "";
            }

            @Override
            public String describeDeadlock(long[] threadIds) {
                return "";
            }
        };
        PointCounters none = new PointCounters() {
            @Override
            public int stripes() {
                return 1;
            }

            @Override
            public int stripeOf(long threadId) {
                return 0;
            }

            @Override
            public long begun(int point) {
                return 0;
            }

            @Override
            public void inFlight(int point, long[] perStripe) {
            }

            @Override
            public Thread lastThread(int point, int stripe) {
                return null;
            }
        };
        AgentConfig config = OptionsParser.parse("ready=a.App#start,deadlock-check=100ms");
        Duration period = Duration.ofMillis(100);
        HealthRules monitor = new HealthRules(config, none, hangsOnTheThirdSearch, System::nanoTime, period);
        CheckerThread checker = new CheckerThread(monitor, period, Thread.currentThread());
        checker.start();
        try {
            hung.await();
            Verdict last = checker.latest();
            assertNotNull(last);
            PingGate gate = new PingGate(period.toNanos());
            assertTrue(gate.mayPing(last.health.isHealthy(), last.completedAtNanos, last.completedAtNanos, listener));
            long deadline = System.nanoTime() + 30_000 * MS;
            while (gate.mayPing(true, checker.latest().completedAtNanos, System.nanoTime(), listener)) {
                assertTrue(System.nanoTime() < deadline, "the pings never stopped");
                Thread.sleep(50); // polling for the condition, with a deadline
            }
            assertTrue(checker.latest() == last, "no check completed while the search hung");
            assertEquals(1, said.size());
        } finally {
            checker.stop();
            never.countDown();
        }
    }
}
