package io.github.sdwatchdog.health;

import io.github.sdwatchdog.bridge.WatchdogBridge;
import io.github.sdwatchdog.config.WatchPoint;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
    /**
     * Per point index, the virtual threads that the search among all of them found inside it, so a stuck
     * one is re-read alone at each later check; dropped by the first read that finds one gone from it.
     */
    private final Map<Integer, List<Thread>> foundInside = new HashMap<>();
    private final ThreadReports reports = new ThreadReports(threads, virtualById, virtualWaits);

    /** Why deadlocks among virtual threads cannot be found, or null. */
    public String virtualThreadsUnavailable() {
        return virtual.unavailable();
    }

    @Override
    public long[] threadsInside(WatchPoint point, int[] stripes, List<Thread> lastThreads) {
        Set<Long> inside = new LinkedHashSet<>();
        virtualById.clear(); // only this point's, for the report that follows; keeps no dead thread alive
        for (Thread thread : lastThreads) {
            // Platform threads are read below with the others on their stripe; virtual ones only here.
            readVirtual(thread, point, inside);
        }
        List<Thread> found = foundInside.remove(point.index());
        if (found != null) {
            found.removeIf(thread -> !readVirtual(thread, point, inside));
            if (!found.isEmpty()) {
                foundInside.put(point.index(), found);
            }
        }
        BitSet suspect = bits(stripes);
        long[] all = threads.getAllThreadIds();
        long[] candidates = new long[all.length];
        int n = 0;
        for (long id : all) {
            if (suspect.get(WatchdogBridge.stripeOf(id))) {
                candidates[n++] = id;
            }
        }
        if (n > 0) { // the JVM stops the world for a stack read even of no threads
            for (ThreadInfo info : threads.getThreadInfo(Arrays.copyOf(candidates, n), Integer.MAX_VALUE)) {
                if (info != null && hasFrame(info.getStackTrace(), point)) {
                    inside.add(info.getThreadId());
                }
            }
        }
        return toArray(inside);
    }

    @Override
    public long[] virtualThreadsInside(WatchPoint point, int[] stripes) {
        BitSet suspect = bits(stripes);
        Set<Long> inside = new LinkedHashSet<>();
        List<Thread> found = foundInside.computeIfAbsent(point.index(), index -> new ArrayList<>());
        for (Thread thread : virtual.list()) {
            if (suspect.get(WatchdogBridge.stripeOf(thread.getId())) && readVirtual(thread, point, inside)) {
                found.add(thread); // the next check reads it directly, not all virtual threads again
            }
        }
        return toArray(inside);
    }

    /** Whether a live virtual thread is inside the point; if so it joins {@code inside} and the report's threads. */
    private boolean readVirtual(Thread thread, WatchPoint point, Set<Long> inside) {
        if (VirtualThreads.isVirtual(thread) && thread.isAlive() && hasFrame(thread.getStackTrace(), point)) {
            inside.add(thread.getId());
            virtualById.put(thread.getId(), thread);
            return true;
        }
        return false;
    }

    private static BitSet bits(int[] stripes) {
        BitSet bits = new BitSet();
        for (int stripe : stripes) {
            bits.set(stripe);
        }
        return bits;
    }

    private static long[] toArray(Set<Long> ids) {
        long[] array = new long[ids.size()];
        int i = 0;
        for (long id : ids) {
            array[i++] = id;
        }
        return array;
    }

    private static boolean hasFrame(StackTraceElement[] stack, WatchPoint point) {
        String className = point.method().className();
        String methodName = point.method().methodName();
        for (StackTraceElement frame : stack) {
            if (frame.getMethodName().equals(methodName) && frame.getClassName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long[] deadlockedThreads() {
        Set<Long> ids = new LinkedHashSet<>(platformCycles());
        Map<Thread, VirtualThreads.Wait> cycles = virtual.deadlocked();
        virtualWaits.clear();
        for (Map.Entry<Thread, VirtualThreads.Wait> member : cycles.entrySet()) {
            ids.add(member.getKey().getId());
            virtualWaits.put(member.getKey().getId(), member.getValue());
        }
        return toArray(ids);
    }

    /**
     * The members of the cycles of untimed waits among the threads the JVM calls deadlocked, which
     * include threads in {@code tryLock(timeout)} and threads that wait on a cycle without being in it.
     * One read of them all with a stack (depth 1) is one safepoint: the waits it shows held together.
     */
    private Set<Long> platformCycles() {
        long[] found = threads.findDeadlockedThreads();
        Map<Long, Long> waitsFor = new LinkedHashMap<>();
        if (found != null) {
            for (ThreadInfo info : threads.getThreadInfo(found, 1)) {
                Thread.State state = info == null ? null : info.getThreadState();
                if ((state == Thread.State.WAITING || state == Thread.State.BLOCKED) && info.getLockOwnerId() >= 0) {
                    waitsFor.put(info.getThreadId(), info.getLockOwnerId());
                }
            }
        }
        return WaitCycles.members(waitsFor);
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
