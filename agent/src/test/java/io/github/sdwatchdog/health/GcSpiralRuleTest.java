package io.github.sdwatchdog.health;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.OptionsParser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GC spiral verdict, driven by a fake clock and fake collector readings, a check every 250 ms. */
class GcSpiralRuleTest {
    private static final long STEP = 250_000_000L;

    private long now = 1_000_000_000_000L;
    private final FakeGc gc = new FakeGc();

    /** A young and an old collector; each step, pauses of a given share and, if asked, one old collection. */
    static final class FakeGc implements GcReadings {
        long pauseMillis;
        long young;
        long old;
        HeapAfterGc heap;

        @Override
        public List<String> pauseCollectors() {
            return List.of("Young", "Old");
        }

        @Override
        public long read(long[] collections) {
            collections[0] = young;
            collections[1] = old;
            return pauseMillis;
        }

        @Override
        public long oldCollections() {
            return old;
        }

        @Override
        public HeapAfterGc heapAfterOld() {
            return heap;
        }
    }

    private HealthRules rules(String options) throws Exception {
        AgentConfig config = OptionsParser.parse("ready=a.App#start,deadlock-check=off" + options);
        return new HealthRules(config, new HealthRulesTest.FakeCounters(), new HealthRulesTest.FakeThreads(), gc,
                () -> now, Duration.ofMillis(250));
    }

    /**
     * Runs for {@code seconds}, a check every 250 ms, with pauses taking {@code pauseShare} of the time and, at
     * each check, an old collection that left the heap {@code heapFull} full (none if negative).
     */
    private List<Health> run(HealthRules rules, double seconds, double pauseShare, double heapFull) {
        List<Health> seen = new ArrayList<>();
        for (int step = 1; step <= seconds * 4; step++) {
            now += STEP;
            gc.pauseMillis += Math.round(250 * pauseShare);
            gc.young++;
            if (heapFull >= 0) {
                gc.old++;
                gc.heap = new HeapAfterGc(heapFull, "Old Gen " + Math.round(heapFull * 96) + ".0 MB of 96.0 MB");
            }
            seen.add(rules.check());
        }
        return seen;
    }

    /** Seconds into the run of the first check that matches, or -1. */
    private static double firstAt(List<Health> seen, boolean healthy) {
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i).isHealthy() == healthy) {
                return (i + 1) / 4.0;
            }
        }
        return -1;
    }

    private double detection(HealthRules rules, double seconds, double pauseShare, double heapFull) {
        return firstAt(run(rules, seconds, pauseShare, heapFull), false);
    }

    @Test
    void aFullHeapWith85PercentOfTheTimeInPausesIsASpiralOnceItsDebtReaches20s() throws Exception {
        HealthRules rules = rules("");
        List<Health> seen = run(rules, 120, 0.85, 0.95);
        // Debt grows by 0.85 - 0.15 = 0.7 s a second: 20 s of it in 28.6 s.
        assertEquals(28.5, firstAt(seen, false), 0.5);
        Health spiral = seen.get(113);
        assertTrue(spiral.status().startsWith("UNHEALTHY: GC spiral: 85% of the last 28.5s in GC pauses, the heap 95% "
                + "full after old collections (gc-spiral=50%/90%/20s); watchdog pings withheld"), spiral.status());
        String report = spiral.newProblemReport();
        assertNotNull(report);
        assertTrue(report.startsWith("GC death spiral: in the last 28.5s stop-the-world GC took 85% of the time (24.2s) "
                + "in 228 collections (Young 114, Old 114), and each old or full collection seen left the heap at least "
                + "90% full.\n"), report);
        assertTrue(report.contains("Heap after the latest old collection, 95% full, largest pool first: Old Gen 91.0 MB "
                + "of 96.0 MB"), report);
        assertTrue(seen.subList(114, seen.size()).stream().noneMatch(Health::isHealthy), "a spiral holds");
        assertTrue(seen.subList(114, seen.size()).stream().allMatch(h -> h.newProblemReport() == null), "one report");
    }

    @Test
    void theMoreTimeInGcTheSoonerTheVerdict() throws Exception {
        assertEquals(20.0, detection(rules(""), 120, 1.0, 0.99), 0.5);
        assertEquals(33.25, detection(rules(""), 120, 0.8, 0.95), 0.5);
        assertEquals(100.0, detection(rules(""), 120, 0.6, 0.95), 0.5);
    }

    @Test
    void aBusyHealthyHeapIsNeverASpiralWhateverItsPauses() throws Exception {
        assertEquals(-1, detection(rules(""), 600, 0.40, 0.70), "70% full, 40% in GC");
        assertEquals(-1, detection(rules(""), 600, 0.95, 0.85), "85% full after GC, 95% in GC: the heap frees enough");
        assertEquals(-1, detection(rules(""), 600, 0.03, 0.20), "fast churn");
    }

    @Test
    void aFullHeapThatCollectsLittleIsNotASpiral() throws Exception {
        assertEquals(-1, detection(rules(""), 600, 0.45, 0.97), "a big cache, 45% in GC");
    }

    @Test
    void aBurstShorterThanTheDebtNeverQualifies() throws Exception {
        HealthRules rules = rules("");
        assertEquals(-1, detection(rules, 15, 1.0, 0.97), "15 s of nothing but GC");
        assertEquals(-1, detection(rules, 60, 0.2, 0.97), "then a fifth of the time");
        assertEquals(-1, detection(rules, 15, 1.0, 0.97), "and another burst: the first one's debt has drained");
    }

    @Test
    void pausesWithNoRecentOldCollectionAreNotASpiral() throws Exception {
        HealthRules rules = rules("");
        run(rules, 1, 0.1, 0.97);
        assertEquals(-1, detection(rules, 300, 0.9, -1), "a full heap seen once, long ago, is no evidence now");
    }

    @Test
    void anOldCollectionThatFreesTheHeapEndsTheSpiralAtOnce() throws Exception {
        HealthRules rules = rules("");
        assertTrue(detection(rules, 60, 0.9, 0.97) > 0);
        List<Health> seen = run(rules, 0.25, 0.9, 0.5);
        assertTrue(seen.get(0).isHealthy());
        assertTrue(seen.get(0).recovery().startsWith("the GC spiral is over: pauses "), seen.get(0).recovery());
        assertTrue(seen.get(0).recovery().endsWith(", the heap 50% full after the latest old collection"),
                seen.get(0).recovery());
    }

    @Test
    void aSpiralEndsOnlyOnceHalfItsDebtHasDrainedSoUnevenPausesLetNoPingThrough() throws Exception {
        HealthRules rules = rules("");
        assertTrue(detection(rules, 60, 0.9, 0.97) > 0);
        List<Health> seen = run(rules, 60, 0.0, 0.97);
        assertEquals(10.0, firstAt(seen, true), 0.5, "half of 20 s drained at 1 s a second");
        assertTrue(seen.get(0).status().contains("GC spiral"), seen.get(0).status());
    }

    @Test
    void aCheckerStarvedToOneCheckIn5sSeesTheSameSpiralFromTheCumulativeCounters() throws Exception {
        HealthRules rules = rules("");
        double detected = -1;
        for (int check = 1; check <= 24 && detected < 0; check++) {
            now += 20 * STEP;
            gc.pauseMillis += 4500;
            gc.young += 20;
            gc.old += 20;
            gc.heap = new HeapAfterGc(0.97, "Old Gen 93.1 MB of 96.0 MB");
            detected = rules.check().isHealthy() ? -1 : check * 5;
        }
        // 90% in pauses: 0.8 s of debt a second, 20 s of it in 25 s, seen at the first check after: 25 s.
        assertEquals(25, detected);
    }

    @Test
    void theLimitIsAnOptionAndOffMeansNoGcCheck() throws Exception {
        assertEquals(8.0, detection(rules(",gc-spiral=50%/90%/8s"), 120, 1.0, 0.99), 0.5);
        assertEquals(-1, detection(rules(",gc-spiral=95%/90%/20s"), 120, 0.9, 0.99), "90% is under a 95% share");
        HealthRules off = rules(",gc-spiral=off");
        assertEquals(-1, detection(off, 120, 1.0, 0.99));
        assertFalse(off.check().checks().stream().anyMatch(check -> check.name.equals("gc")));
    }

    @Test
    void theHealthyDetailSaysWhatTheGcDoes() throws Exception {
        List<Health> seen = run(rules(""), 60, 0.6, 0.93);
        Health.Check check = seen.get(seen.size() - 1).checks().get(0);
        assertEquals("gc", check.name);
        assertTrue(check.ok);
        assertTrue(check.detail.startsWith("pauses 60% of the time, the heap 93% full after the latest old collection, "
                + "GC debt 12.0s of 20s"), check.detail);
    }

    @Test
    void onlyStopTheWorldCollectorsArePauses() {
        for (String pause : List.of("G1 Young Generation", "G1 Old Generation", "G1 Concurrent GC", "PS Scavenge",
                "PS MarkSweep", "Copy", "MarkSweepCompact", "ZGC Pauses", "ZGC Minor Pauses", "ZGC Major Pauses",
                "Shenandoah Pauses")) {
            assertTrue(JmxGcReadings.isPause(pause), pause);
        }
        for (String concurrent : List.of("ZGC Cycles", "ZGC Minor Cycles", "ZGC Major Cycles", "Shenandoah Cycles",
                "ConcurrentMarkSweep")) {
            assertFalse(JmxGcReadings.isPause(concurrent), concurrent);
        }
    }

    @Test
    void thisJvmsCollectorsReadTheHeapAfterAFullCollection() {
        JmxGcReadings readings = new JmxGcReadings();
        long old = readings.oldCollections();
        System.gc();
        assertTrue(readings.oldCollections() > old, "System.gc() is a full collection: " + readings.pauseCollectors());
        HeapAfterGc heap = readings.heapAfterOld();
        assertNotNull(heap);
        assertTrue(heap.occupancy > 0 && heap.occupancy < 1, heap.pools);
        long[] counts = new long[readings.pauseCollectors().size()];
        assertTrue(readings.read(counts) >= 0 && java.util.Arrays.stream(counts).sum() > 0, readings.pauseCollectors().toString());
    }
}
