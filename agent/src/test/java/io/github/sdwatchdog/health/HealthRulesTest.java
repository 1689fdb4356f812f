package io.github.sdwatchdog.health;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.OptionsParser;
import io.github.sdwatchdog.config.WatchPoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The health model, driven by a fake clock, fake counters and fake threads. */
class HealthRulesTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Duration PERIOD = Duration.ofSeconds(1);

    private long now;
    private final FakeCounters counters = new FakeCounters();
    private final FakeThreads threads = new FakeThreads();

    /** Four stripes; thread 42 lives on stripe 2. */
    static final class FakeCounters implements PointCounters {
        final long[] begun = new long[4];
        final long[][] inFlight = new long[4][4];
        final Thread[][] last = new Thread[4][4];

        @Override
        public int stripes() {
            return 4;
        }

        @Override
        public int stripeOf(long threadId) {
            return (int) threadId & 3;
        }

        @Override
        public long begun(int point) {
            return begun[point];
        }

        @Override
        public void inFlight(int point, long[] perStripe) {
            System.arraycopy(inFlight[point], 0, perStripe, 0, 4);
        }

        @Override
        public Thread lastThread(int point, int stripe) {
            return last[point][stripe];
        }

        /** A call of point 0 is in flight on thread 42's stripe (it began before the watch, or its begin was counted already). */
        void callInFlight() {
            inFlight[0][2]++;
        }

        void callEnds() {
            inFlight[0][2]--;
        }
    }

    static class FakeThreads implements ThreadInspector {
        long[] inside = new long[0];
        /** Virtual threads inside the point that only the search among all virtual threads finds. */
        long[] virtualInside = new long[0];
        long[] deadlocked = new long[0];
        int stackReads;
        int virtualSearches;
        int deadlockChecks;
        int[] lastStripes;
        int[] lastVirtualStripes;

        @Override
        public long[] threadsInside(WatchPoint point, int[] stripes, List<Thread> lastThreads) {
            stackReads++;
            lastStripes = stripes;
            return inside;
        }

        @Override
        public long[] virtualThreadsInside(WatchPoint point, int[] stripes) {
            virtualSearches++;
            lastVirtualStripes = stripes;
            return virtualInside;
        }

        @Override
        public long[] deadlockedThreads() {
            deadlockChecks++;
            return deadlocked;
        }

        @Override
        public String describeStall(WatchPoint point, Duration quiet, long[] threadIds) {
            return "stall of " + point + " for " + quiet.getSeconds() + "s";
        }

        @Override
        public String describeMissedHeartbeat(WatchPoint point, Duration quiet, List<Thread> lastThreads) {
            return "heartbeat " + point + " missed for " + quiet.getSeconds() + "s, last threads " + lastThreads.size();
        }

        @Override
        public String describeDeadlock(long[] threadIds) {
            return "deadlock of " + threadIds.length;
        }
    }

    @BeforeEach
    void reset() {
        now = 1_000 * SECOND;
    }

    private HealthRules monitor(String options) throws Exception {
        AgentConfig config = OptionsParser.parse("ready=a.App#start," + options);
        return new HealthRules(config, counters, threads, () -> now, PERIOD);
    }

    /** Advances the clock one check period at a time, a call beginning and ending on each tick if asked. */
    private List<Health> run(HealthRules monitor, int seconds, boolean progress) {
        List<Health> checks = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            now += SECOND;
            if (progress) {
                counters.begun[0]++;
            }
            checks.add(monitor.check());
        }
        return checks;
    }

    /** A call that is in flight on thread 42, whose stack confirms it. */
    private void stuckCall() {
        counters.callInFlight();
        threads.inside = new long[] {42};
    }

    @Test
    void aMovingPointIsHealthyAndItsStacksAreNeverRead() throws Exception {
        HealthRules monitor = monitor("progress=a.Loop#tick,stall=3s,deadlock-check=off");
        assertTrue(run(monitor, 20, true).stream().allMatch(Health::isHealthy));
        assertEquals(0, threads.stackReads);
    }

    @Test
    void aQuietPointWithNoCallInFlightIsIdleWithoutReadingAnyStack() throws Exception {
        HealthRules monitor = monitor("progress=a.Loop#tick,stall=3s,deadlock-check=off");
        List<Health> checks = run(monitor, 20, false);
        assertTrue(checks.stream().allMatch(Health::isHealthy));
        assertEquals(0, threads.stackReads, "the counters alone say no call is in flight");
    }

    @Test
    void onlyTheStripesWithACallInFlightAreRead() throws Exception {
        HealthRules monitor = monitor("progress=a.Loop#tick,stall=3s,deadlock-check=off");
        stuckCall();
        run(monitor, 3, false);
        assertArrayEquals(new int[] {2}, threads.lastStripes);
    }

    @Test
    void aCountWithNoThreadBehindItIsSkewNotAStuckCallAndIsSubtractedFromThenOn() throws Exception {
        HealthRules monitor = monitor("progress=a.Loop#tick,stall=3s,deadlock-check=off");
        counters.callInFlight(); // an exit lost to two threads racing on one stripe: no thread is inside
        List<Health> checks = run(monitor, 6, false);
        assertTrue(checks.stream().allMatch(Health::isHealthy), "skew is no hang");
        assertEquals(1, threads.stackReads, "confirmed once; idle after");
        counters.begun[0]++;
        stuckCall(); // a real hang later on the same stripe: in flight 2, skew 1
        List<Health> later = run(monitor, 4, false);
        assertFalse(later.get(3).isHealthy(), "the real call is still caught");
    }

    @Test
    void aLostBeginIsAbsorbedSoAHangOnThatStripeIsStillSeen() throws Exception {
        HealthRules monitor = monitor("progress=a.Loop#tick,stall=3s,deadlock-check=off");
        counters.inFlight[0][2] = -1; // a begin lost to a race: ends outnumber begins
        run(monitor, 4, true);
        run(monitor, 4, false);
        counters.begun[0]++;
        stuckCall(); // in flight 0 in raw counts, 1 against the skew
        assertFalse(run(monitor, 4, false).get(3).isHealthy());
    }

    @Test
    void aCallThatBeginsWhileTheStacksAreReadIsNotCalledStuck() throws Exception {
        HealthRules monitor = monitor("progress=a.Loop#tick,stall=3s,deadlock-check=off");
        counters.callInFlight();
        ThreadInspector racing = new FakeThreads() {
            @Override
            public long[] threadsInside(WatchPoint point, int[] stripes, List<Thread> lastThreads) {
                counters.begun[0]++; // a new call began between the counters and the stacks
                return new long[] {42};
            }
        };
        HealthRules raced = new HealthRules(OptionsParser.parse("ready=a.App#start,progress=a.Loop#tick,stall=3s,"
                + "deadlock-check=off"), counters, racing, () -> now, PERIOD);
        List<Health> checks = run(raced, 3, false);
        assertTrue(checks.get(2).isHealthy(), checks.get(2).status());
        assertTrue(run(monitor, 1, false).get(0).isHealthy());
    }

    @Test
    void aHeartbeatThatStopsBeginningIsUnhealthyEvenWithNothingInFlightAndRecoversWhenItBeats() throws Exception {
        HealthRules monitor = monitor("heartbeat=a.Loop#tick@3s,deadlock-check=off");
        assertTrue(run(monitor, 10, true).stream().allMatch(Health::isHealthy));
        List<Health> checks = run(monitor, 4, false);
        assertTrue(checks.get(1).isHealthy());
        Health missed = checks.get(2);
        assertFalse(missed.isHealthy());
        assertEquals("heartbeat a.Loop#tick missed for 3s, last threads 0\nLongest quiet time seen per point (set its "
                + "limit above it): a.Loop#tick 3.0s (heartbeat every 3s)", missed.newProblemReport());
        assertTrue(missed.status().contains("heartbeat a.Loop#tick has not begun for 3.0s (heartbeat every 3s)"), missed.status());
        assertNull(checks.get(3).newProblemReport(), "reported once");
        assertEquals(0, threads.stackReads);
        Health beats = run(monitor, 1, true).get(0);
        assertTrue(beats.isHealthy());
        assertEquals("heartbeat a.Loop#tick beats again", beats.recovery());
    }

    @Test
    void theStatusSaysWhetherSystemdWasToldToAct() throws Exception {
        stuckCall();
        assertTrue(run(monitor("progress=a.Loop#tick,stall=2s,deadlock-check=off"), 3, false).get(2).status()
                .endsWith("watchdog pings withheld"));
        assertTrue(run(monitor("progress=a.Loop#tick,stall=2s,deadlock-check=off,on-unhealthy=trigger"), 3, false)
                .get(2).status().endsWith("watchdog pings withheld, systemd told to act now (WATCHDOG=trigger)"));
    }

    @Test
    void aQuietPointWithACallInFlightIsStuckAfterItsStall() throws Exception {
        HealthRules monitor = monitor("progress=a.Loop#tick,stall=3s,deadlock-check=off");
        stuckCall();
        List<Health> checks = run(monitor, 5, false);
        assertTrue(checks.get(1).isHealthy(), "2 s quiet < 3 s stall");
        Health stuck = checks.get(2);
        assertFalse(stuck.isHealthy());
        assertEquals("stall of a.Loop#tick for 3s\nLongest quiet time seen per point (set its limit above it): "
                + "a.Loop#tick 3.0s (stall=3s)", stuck.newProblemReport());
        assertTrue(stuck.status().startsWith("UNHEALTHY: a.Loop#tick stuck: no call begun for 3.0s (stall=3s); watchdog pings withheld"), stuck.status());
        assertNull(checks.get(3).newProblemReport(), "the report is written once per transition");
        assertFalse(checks.get(4).isHealthy());
    }

    @Test
    void aPerPointStallOverridesTheDefault() throws Exception {
        HealthRules monitor = monitor("progress=a.Loop#tick@10s,stall=2s,deadlock-check=off");
        stuckCall();
        List<Health> checks = run(monitor, 10, false);
        assertTrue(checks.get(8).isHealthy());
        assertFalse(checks.get(9).isHealthy());
    }

    @Test
    void progressAfterAStallRecovers() throws Exception {
        HealthRules monitor = monitor("progress=a.Loop#tick,stall=2s,deadlock-check=off");
        stuckCall();
        assertFalse(run(monitor, 3, false).get(2).isHealthy());
        Health resumed = run(monitor, 1, true).get(0);
        assertTrue(resumed.isHealthy());
        assertEquals("a.Loop#tick makes progress again", resumed.recovery());
    }

    @Test
    void aStuckCallThatEndsWithoutAnotherBeginningRecoversToIdle() throws Exception {
        HealthRules monitor = monitor("progress=a.Loop#tick,stall=2s,deadlock-check=off");
        stuckCall();
        assertFalse(run(monitor, 3, false).get(2).isHealthy());
        counters.callEnds(); // the call returned or threw
        threads.inside = new long[0];
        Health ended = run(monitor, 1, false).get(0);
        assertTrue(ended.isHealthy());
        assertEquals("a.Loop#tick has no call in flight any more", ended.recovery());
    }

    @Test
    void aLateCheckMeansTheJvmWasPausedAndThePauseIsNotAStall() throws Exception {
        HealthRules monitor = monitor("progress=a.Loop#tick,stall=3s,deadlock-check=off");
        stuckCall();
        run(monitor, 1, true);
        now += 30 * SECOND; // SIGSTOP, a long GC, a suspended host
        Health afterPause = monitor.check();
        assertTrue(afterPause.isHealthy(), afterPause.status());
        assertNotNull(monitor.takePauseNote());
        assertNull(monitor.takePauseNote(), "said once");
        assertTrue(run(monitor, 1, true).get(0).isHealthy(), "progress resumes after the pause");
    }

    @Test
    void aPointThatStaysStuckAfterAPauseIsStillCaught() throws Exception {
        HealthRules monitor = monitor("progress=a.Loop#tick,stall=3s,deadlock-check=off");
        stuckCall();
        run(monitor, 1, false);
        now += 30 * SECOND;
        assertTrue(monitor.check().isHealthy());
        List<Health> checks = run(monitor, 4, false);
        assertFalse(checks.get(3).isHealthy(), "quiet for the stall after the pause");
    }

    @Test
    void aStarvedWatchdogThatIsLateAtEveryCheckStillCatchesAStuckPoint() throws Exception {
        HealthRules monitor = monitor("progress=a.Loop#tick,stall=3s,deadlock-check=off");
        stuckCall();
        Health last = null;
        for (int i = 0; i < 4; i++) {
            now += 3 * SECOND; // every check 2 s late: a spinning service starving the watchdog thread
            last = monitor.check();
        }
        assertFalse(last.isHealthy(), "only the first late check counts as a pause");
    }

    @Test
    void deadlocksAreCheckedAtTheirIntervalAndAreUnhealthyUntilGone() throws Exception {
        HealthRules monitor = monitor("deadlock-check=5s");
        run(monitor, 4, false);
        assertEquals(0, threads.deadlockChecks);
        threads.deadlocked = new long[] {7, 8};
        Health found = run(monitor, 1, false).get(0);
        assertEquals(1, threads.deadlockChecks);
        assertFalse(found.isHealthy());
        assertEquals("deadlock of 2", found.newProblemReport());
        assertTrue(found.status().contains("deadlock among 2 threads"), found.status());
        Health still = run(monitor, 1, false).get(0);
        assertFalse(still.isHealthy());
        assertNull(still.newProblemReport());
        threads.deadlocked = new long[0];
        Health gone = run(monitor, 1, false).get(0);
        assertTrue(gone.isHealthy());
        assertEquals("the deadlock is gone", gone.recovery());
    }

    @Test
    void aSuspectedStallChecksForDeadlocksAtOnce() throws Exception {
        HealthRules monitor = monitor("progress=a.Loop#tick,stall=2s,deadlock-check=1h");
        stuckCall();
        run(monitor, 2, false);
        assertEquals(1, threads.deadlockChecks);
    }

    @Test
    void deadlockChecksOffMeansNone() throws Exception {
        HealthRules monitor = monitor("progress=a.Loop#tick,stall=2s,deadlock-check=off");
        stuckCall();
        run(monitor, 10, false);
        assertEquals(0, threads.deadlockChecks);
    }

    @Test
    void theCheckPeriodIsShortEnoughForEveryStallAndTheDeadlockInterval() throws Exception {
        AgentConfig config = OptionsParser.parse("ready=a.App#start,progress=a.L#t@4s,stall=30s,deadlock-check=10s");
        assertEquals(Duration.ofMillis(250), HealthRules.checkPeriod(config, Duration.ofSeconds(15)), "at least every 250 ms");
        assertEquals(Duration.ofMillis(100), HealthRules.checkPeriod(config, Duration.ofMillis(100)), "no longer than a ping interval");
        AgentConfig shortStall = OptionsParser.parse("ready=a.App#start,progress=a.L#t@400ms,deadlock-check=off");
        assertEquals(Duration.ofMillis(100), HealthRules.checkPeriod(shortStall, Duration.ofSeconds(15)), "a quarter of a stall");
        AgentConfig tiny = OptionsParser.parse("ready=a.App#start,progress=a.L#t@100ms,deadlock-check=off");
        assertEquals(Duration.ofMillis(50), HealthRules.checkPeriod(tiny, Duration.ofSeconds(15)), "never below 50 ms");
    }

    /** A virtual thread stuck inside a point after later calls on its stripe replaced the last-thread hint. */
    @Nested
    class HiddenVirtualThreads {
        private HealthRules monitor;

        @BeforeEach
        void start() throws Exception {
            monitor = monitor("progress=a.Loop#tick,stall=3s,deadlock-check=off");
        }

        @Test
        void isFoundAmongTheVirtualThreadsOfItsStripe() {
            counters.callInFlight(); // no platform thread and no hint confirms it
            threads.virtualInside = new long[] {42};
            List<Health> checks = run(monitor, 4, false);
            assertFalse(checks.get(2).isHealthy(), checks.get(2).status());
            assertEquals("stall of a.Loop#tick for 3s\nLongest quiet time seen per point (set its limit above it): "
                    + "a.Loop#tick 3.0s (stall=3s)", checks.get(2).newProblemReport());
            assertArrayEquals(new int[] {2}, threads.lastVirtualStripes);
            assertFalse(checks.get(3).isHealthy(), "re-confirmed, not taken for skew");
        }

        @Test
        void onlyTheStripesThatNothingCheaperExplainedAreSearched() {
            stuckCall(); // thread 42 on stripe 2, on its stack
            counters.inFlight[0][1]++; // and a hidden virtual thread, 45, on stripe 1
            threads.virtualInside = new long[] {45};
            assertFalse(run(monitor, 3, false).get(2).isHealthy());
            assertArrayEquals(new int[] {1}, threads.lastVirtualStripes);
        }

        @Test
        void isNotSearchedForWhenTheStripesThreadsExplainEveryCall() {
            stuckCall();
            run(monitor, 5, false);
            counters.callEnds();
            threads.inside = new long[0];
            run(monitor, 5, false); // idle: nothing in flight
            assertEquals(0, threads.virtualSearches);
        }

        @Test
        void aCountThatNeitherReadConfirmsIsSkewAndSearchedOnce() {
            counters.callInFlight();
            assertTrue(run(monitor, 10, false).stream().allMatch(Health::isHealthy));
            assertEquals(1, threads.virtualSearches);
        }

        @Test
        void recoversWhenItsCallEnds() {
            counters.callInFlight();
            threads.virtualInside = new long[] {42};
            assertFalse(run(monitor, 3, false).get(2).isHealthy());
            counters.callEnds();
            threads.virtualInside = new long[0];
            Health ended = run(monitor, 1, false).get(0);
            assertTrue(ended.isHealthy(), ended.status());
            assertEquals("a.Loop#tick has no call in flight any more", ended.recovery());
        }
    }
}
