package io.github.sdwatchdog.health;

import io.github.sdwatchdog.bridge.WatchdogBridge;
import io.github.sdwatchdog.config.WatchPoint;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * Reads threads through {@link ThreadMXBean}, and virtual threads, which it does not list, through
 * {@link VirtualThreads}. Costs are bounded: stacks are read only for the threads the counters point at,
 * and reports ({@link ThreadReports}) never ask for locked synchronizers, which would scan the whole heap at
 * a safepoint.
 */
public final class JmxThreadInspector implements ThreadInspector {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final VirtualThreads virtual = new VirtualThreads();
    /** Virtual threads found by the last search, by id: ThreadMXBean cannot look them up. */
    private final Map<Long, Thread> virtualById = new HashMap<>();
    private final Map<Long, VirtualThreads.Wait> virtualWaits = new HashMap<>();
    private final ThreadReports reports = new ThreadReports(threads, virtualById, virtualWaits);

    /** Why deadlocks among virtual threads cannot be found, or null. */
    public String virtualThreadsUnavailable() {
        return virtual.unavailable();
    }

    @Override
    public long[] threadsInside(WatchPoint point, int[] stripes, List<Thread> lastThreads) {
        String className = point.method().className();
        String methodName = point.method().methodName();
        Set<Long> inside = new LinkedHashSet<>();
        virtualById.clear(); // only this point's, for the report that follows; keeps no dead thread alive
        for (Thread thread : lastThreads) {
            // Platform threads are read below with the others on their stripe; virtual ones only here.
            if (VirtualThreads.isVirtual(thread) && thread.isAlive()
                    && hasFrame(thread.getStackTrace(), className, methodName)) {
                inside.add(thread.getId());
                virtualById.put(thread.getId(), thread);
            }
        }
        BitSet suspect = new BitSet();
        for (int stripe : stripes) {
            suspect.set(stripe);
        }
        long[] all = threads.getAllThreadIds();
        long[] candidates = new long[all.length];
        int n = 0;
        for (long id : all) {
            if (suspect.get(WatchdogBridge.stripeOf(id))) {
                candidates[n++] = id;
            }
        }
        for (ThreadInfo info : threads.getThreadInfo(Arrays.copyOf(candidates, n), Integer.MAX_VALUE)) {
            if (info != null && hasFrame(info.getStackTrace(), className, methodName)) {
                inside.add(info.getThreadId());
            }
        }
        long[] ids = new long[inside.size()];
        int i = 0;
        for (long id : inside) {
            ids[i++] = id;
        }
        return ids;
    }

    private static boolean hasFrame(StackTraceElement[] stack, String className, String methodName) {
        for (StackTraceElement frame : stack) {
            if (frame.getMethodName().equals(methodName) && frame.getClassName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long[] deadlockedThreads() {
        long[] platform = threads.findDeadlockedThreads();
        Map<Thread, VirtualThreads.Wait> cycles = virtual.deadlocked();
        virtualWaits.clear();
        Set<Long> ids = new LinkedHashSet<>();
        if (platform != null) {
            for (long id : platform) {
                ids.add(id);
            }
        }
        for (Map.Entry<Thread, VirtualThreads.Wait> member : cycles.entrySet()) {
            ids.add(member.getKey().getId());
            virtualWaits.put(member.getKey().getId(), member.getValue());
        }
        long[] result = new long[ids.size()];
        int i = 0;
        for (long id : ids) {
            result[i++] = id;
        }
        return result;
    }

    @Override
    public String describeStall(WatchPoint point, Duration quiet, long[] threadIds) {
        return reports.stall(point, quiet, threadIds);
    }

    @Override
    public String describeMissedHeartbeat(WatchPoint point, Duration quiet, List<Thread> lastThreads) {
        return reports.missedHeartbeat(point, quiet, lastThreads);
    }

    @Override
    public String describeDeadlock(long[] threadIds) {
        return reports.deadlock(threadIds);
    }
}
