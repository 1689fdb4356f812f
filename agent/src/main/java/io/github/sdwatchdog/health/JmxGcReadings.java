package io.github.sdwatchdog.health;

import com.sun.management.GcInfo;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The GC as this JVM's collector beans tell it. Pause time comes from the stop-the-world collectors only: ZGC
 * (generational too) and Shenandoah also publish "Cycles" beans whose time is concurrent work, which summing
 * every bean would count as time the application lost. Occupancy comes from the last old or full collection's
 * own record ({@code GcInfo}), not from a pool's collection usage, which G1 also updates after young, mixed,
 * Remark and Cleanup pauses, garbage included.
 */
final class JmxGcReadings implements GcReadings {
    /** The collectors that collect the whole heap, or its old generation, by the names HotSpot gives them. */
    private static final Set<String> OLD = new HashSet<>(Arrays.asList("G1 Old Generation", "PS MarkSweep",
            "MarkSweepCompact", "ConcurrentMarkSweep", "ZGC Cycles", "ZGC Major Cycles", "Shenandoah Cycles"));

    private final GarbageCollectorMXBean[] pause;
    private final List<String> pauseNames = new ArrayList<>();
    private final GarbageCollectorMXBean[] old;
    private final Set<String> heapPools = new HashSet<>();
    private final long heapMax;
    private final boolean gcInfoReadable;

    JmxGcReadings() {
        List<GarbageCollectorMXBean> pauseBeans = new ArrayList<>();
        List<GarbageCollectorMXBean> oldBeans = new ArrayList<>();
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (isPause(bean.getName())) {
                pauseBeans.add(bean);
                pauseNames.add(bean.getName());
            }
            if (OLD.contains(bean.getName())) {
                oldBeans.add(bean);
            }
        }
        pause = pauseBeans.toArray(new GarbageCollectorMXBean[0]);
        old = oldBeans.toArray(new GarbageCollectorMXBean[0]);
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        heapMax = max > 0 ? max : Runtime.getRuntime().maxMemory();
        gcInfoReadable = gcInfoReadable(old);
    }

    /** Stop-the-world time: every collector but the concurrent ones (ZGC's and Shenandoah's cycles, CMS). */
    static boolean isPause(String collector) {
        return !collector.endsWith(" Cycles") && !collector.equals("ConcurrentMarkSweep");
    }

    /** com.sun.management (module jdk.management) may be missing from a jlinked runtime. */
    private static boolean gcInfoReadable(GarbageCollectorMXBean[] beans) {
        try {
            return beans.length > 0 && beans[0] instanceof com.sun.management.GarbageCollectorMXBean;
        } catch (LinkageError e) {
            return false;
        }
    }

    @Override
    public List<String> pauseCollectors() {
        return pauseNames;
    }

    @Override
    public long read(long[] collections) {
        long millis = 0;
        for (int i = 0; i < pause.length; i++) {
            collections[i] = Math.max(0, pause[i].getCollectionCount());
            millis += Math.max(0, pause[i].getCollectionTime());
        }
        return millis;
    }

    @Override
    public long oldCollections() {
        long count = 0;
        for (GarbageCollectorMXBean bean : old) {
            count += Math.max(0, bean.getCollectionCount());
        }
        return count;
    }

    @Override
    public HeapAfterGc heapAfterOld() {
        if (!gcInfoReadable) {
            return null;
        }
        GcInfo latest = null;
        for (GarbageCollectorMXBean bean : old) {
            GcInfo info = ((com.sun.management.GarbageCollectorMXBean) bean).getLastGcInfo();
            if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
                latest = info;
            }
        }
        return latest == null ? null : heapAfter(latest.getMemoryUsageAfterGc());
    }

    private HeapAfterGc heapAfter(Map<String, MemoryUsage> pools) {
        List<Map.Entry<String, MemoryUsage>> heap = new ArrayList<>();
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : pools.entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                heap.add(pool);
                used += pool.getValue().getUsed();
            }
        }
        heap.sort((a, b) -> Long.compare(b.getValue().getUsed(), a.getValue().getUsed()));
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, MemoryUsage> pool : heap) {
            long max = pool.getValue().getMax();
            text.append(text.length() == 0 ? "" : ", ").append(pool.getKey()).append(' ')
                    .append(megabytes(pool.getValue().getUsed())).append(max > 0 ? " of " + megabytes(max) : "");
        }
        return new HeapAfterGc((double) used / heapMax, text + " (heap max " + megabytes(heapMax) + ")");
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }
}
