package io.github.sdwatchdog.health;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.OptionsParser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Observe mode's part of the health model: the same verdicts, a status that says nothing is done, growing quiet times. */
class ObserveModeTest {
    private long now = 1_000_000_000_000L;
    private final HealthRulesTest.FakeCounters counters = new HealthRulesTest.FakeCounters();
    private final HealthRulesTest.FakeThreads threads = new HealthRulesTest.FakeThreads();

    private HealthRules rules(String options) throws Exception {
        AgentConfig config = OptionsParser.parse("ready=a.App#start,deadlock-check=off,gc-spiral=off," + options);
        return new HealthRules(config, counters, threads, () -> now, Duration.ofSeconds(1));
    }

    private List<Health> quietFor(HealthRules rules, int seconds) {
        List<Health> seen = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            now += 1_000_000_000L;
            seen.add(rules.check());
        }
        return seen;
    }

    @Test
    void aHangIsTheSameVerdictAndTheStatusSaysNothingIsDone() throws Exception {
        counters.callInFlight();
        threads.inside = new long[] {42};
        Health stuck = quietFor(rules("progress=a.Loop#tick,stall=3s,on-unhealthy=log"), 3).get(2);
        assertFalse(stuck.isHealthy());
        assertEquals("UNHEALTHY: a.Loop#tick stuck: no call begun for 3.0s (stall=3s); observe mode (on-unhealthy=log): "
                + "nothing done, pings go on; withhold would stop them", stuck.status());
        assertTrue(stuck.newProblemReport().startsWith("stall of a.Loop#tick for 3s\n"), stuck.newProblemReport());
    }

    @Test
    void theLongestQuietTimeWithACallInFlightIsLoggedEachTimeItGrowsByAQuarter() throws Exception {
        counters.callInFlight();
        List<String> notes = new ArrayList<>();
        for (Health health : quietFor(rules("progress=a.Loop#tick,stall=30s,on-unhealthy=log"), 6)) {
            notes.add(health.note());
        }
        assertEquals("observe mode: a.Loop#tick was quiet for 1.0s with a call in flight, the longest yet (stall=30s)",
                notes.get(0));
        assertEquals(5, notes.stream().filter(note -> note != null).count(), "1 s to 5 s; not 6 s (< 5 s x 1.25): " + notes);
    }

    @Test
    void idleTimeIsNoQuietTimeAndOnlyObserveModeLogsIt() throws Exception {
        assertTrue(quietFor(rules("progress=a.Loop#tick,stall=30s,on-unhealthy=log"), 10).stream()
                .allMatch(health -> health.note() == null), "no call in flight: idle, whatever its length");
        counters.callInFlight();
        assertTrue(quietFor(rules("progress=a.Loop#tick,stall=30s"), 10).stream()
                .allMatch(health -> health.note() == null), "withhold: no lines");
    }

    @Test
    void aHeartbeatsLongestGapCountsWhateverIsInFlight() throws Exception {
        List<Health> seen = quietFor(rules("heartbeat=a.Timer#tick@1m,on-unhealthy=log"), 2);
        assertEquals("observe mode: a.Timer#tick was quiet for 2.0s between calls, the longest yet (heartbeat every 1m)",
                seen.get(1).note());
    }
}
