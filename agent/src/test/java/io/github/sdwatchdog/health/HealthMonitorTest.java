package io.github.sdwatchdog.health;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.OptionsParser;
import io.github.sdwatchdog.config.ProgressPoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The health model, driven by a fake clock, fake counters and fake threads. */
class HealthMonitorTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Duration PERIOD = Duration.ofSeconds(1);

    private long now;
    private final long[] counters = new long[2];
    private final FakeThreads threads = new FakeThreads();

    static final class FakeThreads implements ThreadInspector {
        long[] inside = new long[0];
        long[] deadlocked = new long[0];
        int stackReads;
        int deadlockChecks;

        @Override
        public long[] threadsInside(ProgressPoint point) {
            stackReads++;
            return inside;
        }

        @Override
        public long[] deadlockedThreads() {
            deadlockChecks++;
            return deadlocked;
        }

        @Override
        public String describeStall(ProgressPoint point, Duration quiet, long[] threadIds) {
            return "stall of " + point + " for " + quiet.getSeconds() + "s";
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

    private HealthMonitor monitor(String options) throws Exception {
        AgentConfig config = OptionsParser.parse("ready=a.App#start," + options);
        return new HealthMonitor(config, i -> counters[i], threads, () -> now, PERIOD);
    }

    /** Advances the clock one check period at a time, calling progress on each tick if asked, and returns the checks. */
    private List<Health> run(HealthMonitor monitor, int seconds, boolean progress) {
        List<Health> checks = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            now += SECOND;
            if (progress) {
                counters[0]++;
            }
            checks.add(monitor.check());
        }
        return checks;
    }

    @Test
    void aMovingPointIsHealthyAndItsStacksAreNeverRead() throws Exception {
        HealthMonitor monitor = monitor("progress=a.Loop#tick,stall=3s,deadlock-check=off");
        assertTrue(run(monitor, 20, true).stream().allMatch(Health::isHealthy));
        assertEquals(0, threads.stackReads);
    }

    @Test
    void aQuietPointWithNoCallInFlightIsIdleAndStacksAreReadOncePerQuietPeriod() throws Exception {
        HealthMonitor monitor = monitor("progress=a.Loop#tick,stall=3s,deadlock-check=off");
        List<Health> checks = run(monitor, 20, false);
        assertTrue(checks.stream().allMatch(Health::isHealthy));
        assertEquals(1, threads.stackReads, "idle stays idle until the counter moves");
        run(monitor, 1, true);
        run(monitor, 10, false);
        assertEquals(2, threads.stackReads, "a new quiet period is read once more");
    }

    @Test
    void aQuietPointWithACallInFlightIsStuckAfterItsStall() throws Exception {
        HealthMonitor monitor = monitor("progress=a.Loop#tick,stall=3s,deadlock-check=off");
        threads.inside = new long[] {42};
        List<Health> checks = run(monitor, 5, false);
        assertTrue(checks.get(1).isHealthy(), "2 s quiet < 3 s stall");
        Health stuck = checks.get(2);
        assertFalse(stuck.isHealthy());
        assertEquals("stall of a.Loop#tick for 3s", stuck.newProblemReport());
        assertTrue(stuck.status().startsWith("UNHEALTHY: a.Loop#tick stuck: no call begun for 3.0s (stall=3s); watchdog pings withheld"), stuck.status());
        assertNull(checks.get(3).newProblemReport(), "the report is written once per transition");
        assertFalse(checks.get(4).isHealthy());
    }

    @Test
    void aPerPointStallOverridesTheDefault() throws Exception {
        HealthMonitor monitor = monitor("progress=a.Loop#tick@10s,stall=2s,deadlock-check=off");
        threads.inside = new long[] {42};
        List<Health> checks = run(monitor, 10, false);
        assertTrue(checks.get(8).isHealthy());
        assertFalse(checks.get(9).isHealthy());
    }

    @Test
    void progressAfterAStallRecovers() throws Exception {
        HealthMonitor monitor = monitor("progress=a.Loop#tick,stall=2s,deadlock-check=off");
        threads.inside = new long[] {42};
        assertFalse(run(monitor, 3, false).get(2).isHealthy());
        Health resumed = run(monitor, 1, true).get(0);
        assertTrue(resumed.isHealthy());
        assertEquals("a.Loop#tick makes progress again", resumed.recovery());
    }

    @Test
    void aStuckCallThatEndsWithoutAnotherBeginningRecoversToIdle() throws Exception {
        HealthMonitor monitor = monitor("progress=a.Loop#tick,stall=2s,deadlock-check=off");
        threads.inside = new long[] {42};
        assertFalse(run(monitor, 3, false).get(2).isHealthy());
        threads.inside = new long[0]; // the call returned or threw
        Health ended = run(monitor, 1, false).get(0);
        assertTrue(ended.isHealthy());
        assertEquals("a.Loop#tick has no call in flight any more", ended.recovery());
    }

    @Test
    void aLateCheckMeansTheJvmWasPausedAndThePauseIsNotAStall() throws Exception {
        HealthMonitor monitor = monitor("progress=a.Loop#tick,stall=3s,deadlock-check=off");
        threads.inside = new long[] {42};
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
        HealthMonitor monitor = monitor("progress=a.Loop#tick,stall=3s,deadlock-check=off");
        threads.inside = new long[] {42};
        run(monitor, 1, false);
        now += 30 * SECOND;
        assertTrue(monitor.check().isHealthy());
        List<Health> checks = run(monitor, 4, false);
        assertFalse(checks.get(3).isHealthy(), "quiet for the stall after the pause");
    }

    @Test
    void aStarvedWatchdogThatIsLateAtEveryCheckStillCatchesAStuckPoint() throws Exception {
        HealthMonitor monitor = monitor("progress=a.Loop#tick,stall=3s,deadlock-check=off");
        threads.inside = new long[] {42};
        Health last = null;
        for (int i = 0; i < 4; i++) {
            now += 3 * SECOND; // every check 2 s late: a spinning service starving the watchdog thread
            last = monitor.check();
        }
        assertFalse(last.isHealthy(), "only the first late check counts as a pause");
    }

    @Test
    void deadlocksAreCheckedAtTheirIntervalAndAreUnhealthyUntilGone() throws Exception {
        HealthMonitor monitor = monitor("deadlock-check=5s");
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
        HealthMonitor monitor = monitor("progress=a.Loop#tick,stall=2s,deadlock-check=1h");
        threads.inside = new long[] {42};
        run(monitor, 2, false);
        assertEquals(1, threads.deadlockChecks);
    }

    @Test
    void deadlockChecksOffMeansNone() throws Exception {
        HealthMonitor monitor = monitor("progress=a.Loop#tick,stall=2s,deadlock-check=off");
        threads.inside = new long[] {42};
        run(monitor, 10, false);
        assertEquals(0, threads.deadlockChecks);
    }

    @Test
    void theCheckPeriodIsShortEnoughForEveryStallAndTheDeadlockInterval() throws Exception {
        AgentConfig config = OptionsParser.parse("ready=a.App#start,progress=a.L#t@4s,stall=30s,deadlock-check=10s");
        assertEquals(Duration.ofSeconds(2), HealthMonitor.checkPeriod(config, Duration.ofSeconds(15)));
        assertEquals(Duration.ofSeconds(1), HealthMonitor.checkPeriod(config, Duration.ofSeconds(1)));
    }
}
