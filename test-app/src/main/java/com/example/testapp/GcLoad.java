package com.example.testapp;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A service whose heap holds a live set of a given share of its maximum, with threads that allocate short-lived
 * objects and now and then replace a live one (so old collections have work too). Near 95% this is the leaking
 * service's death spiral (80-95% of the time in GC); at 70% a busy but healthy one; low, plain churn. Out of
 * memory errors are caught and the churn goes on, as request handlers that catch Throwable do.
 */
final class GcLoad {
    private static final int OBJECT_BYTES = 1000;
    static volatile Object sink;

    static void start(int livePercent, int threads) {
        List<byte[][]> live = fill(livePercent / 100.0);
        for (int i = 0; i < threads; i++) {
            Thread churn = new Thread(() -> churn(live), "gc-churn-" + i);
            churn.setDaemon(true);
            churn.start();
        }
    }

    /** Adds live objects until a full collection leaves the heap this full, or the JVM refuses more. */
    private static List<byte[][]> fill(double share) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long max = memory.getHeapMemoryUsage().getMax();
        List<byte[][]> live = new ArrayList<>();
        try {
            while (true) {
                System.gc();
                long used = memory.getHeapMemoryUsage().getUsed();
                if (used >= share * max) {
                    break;
                }
                int count = (int) Math.max(1, Math.min(4096, (share * max - used) / 2 / OBJECT_BYTES));
                byte[][] chunk = new byte[count][];
                for (int i = 0; i < count; i++) {
                    chunk[i] = new byte[OBJECT_BYTES];
                }
                live.add(chunk);
            }
        } catch (OutOfMemoryError e) {
            // Parallel's GC overhead limit: as full as this JVM lets a heap be
        }
        System.gc();
        TestApp.event(String.format("heap-live=%.1f%%", 100.0 * memory.getHeapMemoryUsage().getUsed() / max));
        return live;
    }

    private static void churn(List<byte[][]> live) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long allocations = 0;
        while (true) {
            try {
                sink = new byte[random.nextInt(16, 512)];
                if ((++allocations & 255) == 0 && !live.isEmpty()) {
                    byte[][] chunk = live.get(random.nextInt(live.size()));
                    chunk[random.nextInt(chunk.length)] = new byte[OBJECT_BYTES];
                }
            } catch (OutOfMemoryError e) {
                sink = null;
            }
        }
    }

    private GcLoad() {
    }
}
