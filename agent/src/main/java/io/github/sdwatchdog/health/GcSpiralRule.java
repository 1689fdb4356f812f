package io.github.sdwatchdog.health;

import io.github.sdwatchdog.config.Durations;
import io.github.sdwatchdog.config.GcSpiral;

import java.util.List;

/**
 * A GC death spiral: a heap that stays nearly full after every old or full collection, and a JVM that spends
 * most of its time in stop-the-world pauses, while the application still moves between them (so no progress
 * point sees it). GC debt grows by pause time and shrinks by running time weighted {@code share/(1-share)}
 * (jvmquake's model with its 5/6 share lowered), but only while the latest old collection, seen within the
 * debt limit, left the heap at least the configured share full; a collection that frees the heap clears it.
 * The GC is a spiral once the debt reaches its limit; debt is capped there, and the spiral ends below half
 * of it, so a spiral's uneven pauses do not let single pings through.
 */
final class GcSpiralRule implements Rule {
    static final String CHECK = "gc";
    private static final long RECENT_NANOS = 10_000_000_000L; // the share the detail shows: about the last 10 s

    private final GcSpiral limit;
    private final GcReadings gc;
    private final double runWeight;
    private final long limitNanos;
    private final long[] collections;
    private final long[] previous;
    private final long[] stretchStart;
    private long lastNanos;
    private long lastPauseMillis;
    private long pauseMillis;
    private long lastOld;
    private HeapAfterGc heap;
    private long heapSeenNanos;
    private long debtNanos;
    private long stretchStartNanos;
    private long stretchStartPauseMillis;
    private double recentShare;
    private boolean spiral;

    GcSpiralRule(GcSpiral limit, GcReadings gc, long nowNanos) {
        this.limit = limit;
        this.gc = gc;
        this.runWeight = limit.pauseShare() / (1 - limit.pauseShare());
        this.limitNanos = limit.debt().toNanos();
        int collectors = gc.pauseCollectors().size();
        this.collections = new long[collectors];
        this.previous = new long[collectors];
        this.stretchStart = new long[collectors];
        this.lastPauseMillis = gc.read(previous);
        this.lastOld = gc.oldCollections();
        this.lastNanos = nowNanos;
    }

    @Override
    public void check(long nowNanos, Findings findings) {
        pauseMillis = gc.read(collections);
        long wallNanos = Math.max(1, nowNanos - lastNanos);
        long pausedNanos = Math.max(0, pauseMillis - lastPauseMillis) * 1_000_000L;
        recentShare += Math.min(1.0, (double) wallNanos / RECENT_NANOS)
                * (Math.min(1.0, (double) pausedNanos / wallNanos) - recentShare);
        if (heapFull(nowNanos)) {
            if (debtNanos == 0) {
                stretchStartNanos = lastNanos;
                stretchStartPauseMillis = lastPauseMillis;
                System.arraycopy(previous, 0, stretchStart, 0, previous.length);
            }
            long runningNanos = Math.max(0, wallNanos - pausedNanos);
            debtNanos = (long) Math.min(limitNanos, Math.max(0, debtNanos + pausedNanos - runWeight * runningNanos));
        } else {
            debtNanos = 0;
        }
        judge(nowNanos, findings);
        lastNanos = nowNanos;
        lastPauseMillis = pauseMillis;
        System.arraycopy(collections, 0, previous, 0, collections.length);
    }

    /** Whether the latest old collection, seen within the debt limit, left the heap at least the share full. */
    private boolean heapFull(long nowNanos) {
        long old = gc.oldCollections();
        if (old != lastOld) {
            lastOld = old;
            HeapAfterGc latest = gc.heapAfterOld();
            if (latest != null) {
                heap = latest;
                heapSeenNanos = nowNanos;
            }
        }
        return heap != null && heap.occupancy >= limit.heapShare() && nowNanos - heapSeenNanos <= limitNanos;
    }

    private void judge(long nowNanos, Findings findings) {
        if (!spiral && debtNanos >= limitNanos) {
            spiral = true;
            findings.report(report(nowNanos));
        } else if (spiral && debtNanos <= limitNanos / 2) {
            spiral = false;
            findings.recovered("the GC spiral is over: " + detail());
        }
        if (spiral) {
            findings.failing(CHECK, "GC spiral: " + share(nowNanos) + " of the last "
                    + Durations.tenths(nowNanos - stretchStartNanos) + " in GC pauses, the heap "
                    + percent(heap.occupancy) + " full after old collections (gc-spiral=" + limit + ")");
        } else {
            findings.ok(CHECK, detail());
        }
    }

    private String detail() {
        String pauses = "pauses " + percent(recentShare) + " of the time";
        if (heap == null) {
            return pauses + ", no old collection seen";
        }
        return pauses + ", the heap " + percent(heap.occupancy) + " full after the latest old collection"
                + (debtNanos > 0 ? ", GC debt " + Durations.tenths(debtNanos) + " of " + Durations.format(limit.debt())
                : "");
    }

    private String report(long nowNanos) {
        StringBuilder counts = new StringBuilder();
        long total = 0;
        List<String> names = gc.pauseCollectors();
        for (int i = 0; i < names.size(); i++) {
            long n = collections[i] - stretchStart[i];
            total += n;
            counts.append(i == 0 ? "" : ", ").append(names.get(i)).append(' ').append(n);
        }
        return "GC death spiral: in the last " + Durations.tenths(nowNanos - stretchStartNanos)
                + " stop-the-world GC took " + share(nowNanos) + " of the time ("
                + Durations.tenths(pausedSinceStretch() * 1_000_000L) + ") in " + total + " collections (" + counts
                + "), and each old or full collection seen left the heap at least "
                + percent(limit.heapShare()) + " full.\n"
                + "  Heap after the latest old collection, " + percent(heap.occupancy) + " full, largest pool first: "
                + heap.pools + "\n"
                + "  The service needs more heap than it has (a leak, or -Xmx too small for its load); a heap dump "
                + "(jcmd <pid> GC.heap_dump) shows what holds it.";
    }

    private long pausedSinceStretch() {
        return Math.max(0, pauseMillis - stretchStartPauseMillis);
    }

    private String share(long nowNanos) {
        return percent(pausedSinceStretch() * 1e6 / Math.max(1, nowNanos - stretchStartNanos));
    }

    private static String percent(double share) {
        return Math.round(Math.min(1, share) * 100) + "%";
    }
}
