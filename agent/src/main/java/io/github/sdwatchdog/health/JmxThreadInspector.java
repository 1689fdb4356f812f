package io.github.sdwatchdog.health;

import io.github.sdwatchdog.bridge.WatchdogBridge;
import io.github.sdwatchdog.config.OptionsParser;
import io.github.sdwatchdog.config.ProgressPoint;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads threads through {@link ThreadMXBean}, and virtual threads, which it does not list, through
 * {@link VirtualThreads}. Costs are bounded: stacks are read only for the threads the counters point at,
 * and reports never ask for locked synchronizers, which would scan the whole heap at a safepoint. A report shows at most {@value #MAX_THREADS} threads and {@value #MAX_FRAMES} frames each.
 */
public final class JmxThreadInspector implements ThreadInspector {
    static final int MAX_THREADS = 8;
    static final int MAX_FRAMES = 48;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final VirtualThreads virtual = new VirtualThreads();
    /** Virtual threads found by the last search, by id: ThreadMXBean cannot look them up. */
    private final Map<Long, Thread> virtualById = new HashMap<>();
    private final Map<Long, VirtualThreads.Wait> virtualWaits = new HashMap<>();

    /** Why deadlocks among virtual threads cannot be found, or null. */
    public String virtualThreadsUnavailable() {
        return virtual.unavailable();
    }

    @Override
    public long[] threadsInside(ProgressPoint point, int[] stripes, List<Thread> lastThreads) {
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
    public String describeStall(ProgressPoint point, Duration quiet, long[] threadIds) {
        StringBuilder report = new StringBuilder();
        report.append("progress point ").append(point).append(" is stuck: no call has begun for ")
                .append(OptionsParser.format(Duration.ofMillis(quiet.toMillis())))
                .append(" (since ").append(Instant.now().minus(quiet)).append("; stall=")
                .append(OptionsParser.format(point.limit())).append("), and ").append(threadIds.length)
                .append(threadIds.length == 1 ? " thread is" : " threads are").append(" inside it:");
        Map<Long, ThreadInfo> owners = new LinkedHashMap<>();
        for (long id : limit(threadIds)) {
            Thread virtualThread = virtualById.get(id);
            if (virtualThread != null) {
                appendVirtualThread(report, virtualThread, point.method().className(), point.method().methodName());
                continue;
            }
            ThreadInfo info = threads.getThreadInfo(new long[] {id}, true, false)[0];
            if (info == null) {
                continue;
            }
            appendThread(report, info, point.method().className(), point.method().methodName());
            if (info.getLockOwnerId() >= 0) {
                owners.put(info.getLockOwnerId(), null);
            }
        }
        for (long id : threadIds) {
            owners.remove(id);
        }
        if (!owners.isEmpty()) {
            report.append("\nowners of the locks they wait on:");
            long[] ownerIds = owners.keySet().stream().mapToLong(Long::longValue).toArray();
            for (ThreadInfo owner : threads.getThreadInfo(limit(ownerIds), true, false)) {
                if (owner != null) {
                    appendThread(report, owner, null, null);
                }
            }
        }
        return report.toString();
    }

    @Override
    public String describeMissedHeartbeat(ProgressPoint point, Duration quiet, List<Thread> lastThreads) {
        StringBuilder report = new StringBuilder();
        report.append("heartbeat point ").append(point).append(" has stopped: no call has begun for ")
                .append(OptionsParser.format(Duration.ofMillis(quiet.toMillis())))
                .append(" (since ").append(Instant.now().minus(quiet)).append("; it must begin every ")
                .append(OptionsParser.format(point.limit())).append(')');
        if (lastThreads.isEmpty()) {
            return report.append("; no call of it has begun since the agent started").toString();
        }
        report.append("; the last threads that began it:");
        int shown = 0;
        for (Thread thread : lastThreads) {
            if (shown++ == MAX_THREADS) {
                break;
            }
            if (!thread.isAlive()) {
                report.append("\n\"").append(thread.getName()).append("\" #").append(thread.getId())
                        .append(" has ended (TERMINATED): the loop that calls it is gone");
            } else if (VirtualThreads.isVirtual(thread)) {
                appendVirtualThread(report, thread, null, null);
            } else {
                ThreadInfo info = threads.getThreadInfo(new long[] {thread.getId()}, true, false)[0];
                if (info != null) {
                    appendThread(report, info, null, null);
                }
            }
        }
        return report.toString();
    }

    @Override
    public String describeDeadlock(long[] threadIds) {
        StringBuilder report = new StringBuilder("deadlock: ").append(threadIds.length)
                .append(" threads wait for each other forever:");
        List<Long> platformIds = new ArrayList<>();
        List<VirtualThreads.Wait> virtualMembers = new ArrayList<>();
        for (long id : limit(threadIds)) {
            VirtualThreads.Wait wait = virtualWaits.get(id);
            if (wait == null) {
                platformIds.add(id);
            } else {
                virtualMembers.add(wait);
            }
        }
        for (VirtualThreads.Wait wait : virtualMembers) {
            report.append("\n  ").append(VirtualThreads.isVirtual(wait.waiter) ? "virtual thread \"" : "thread \"")
                    .append(wait.waiter.getName()).append("\" #").append(wait.waiter.getId())
                    .append(" wants ").append(wait.lock).append(" held by \"").append(wait.owner.getName())
                    .append("\" #").append(wait.owner.getId());
        }
        for (VirtualThreads.Wait wait : virtualMembers) {
            appendVirtualThread(report, wait.waiter, null, null);
        }
        if (platformIds.isEmpty()) {
            return report.toString();
        }
        ThreadInfo[] infos = threads.getThreadInfo(platformIds.stream().mapToLong(Long::longValue).toArray(), true, false);
        for (ThreadInfo info : infos) {
            if (info == null) {
                continue;
            }
            List<String> held = new ArrayList<>();
            for (MonitorInfo monitor : info.getLockedMonitors()) {
                held.add(lockName(monitor));
            }
            // j.u.c. locks held are the ones other cycle members want from this thread; this avoids the heap scan.
            for (ThreadInfo other : infos) {
                if (other != null && other.getLockOwnerId() == info.getThreadId() && other.getLockInfo() != null
                        && !held.contains(lockName(other.getLockInfo()))) {
                    held.add(lockName(other.getLockInfo()));
                }
            }
            report.append("\n  thread \"").append(info.getThreadName()).append("\" holds ").append(held)
                    .append(" and wants ").append(lockName(info.getLockInfo()))
                    .append(" held by \"").append(info.getLockOwnerName()).append('"');
        }
        for (ThreadInfo info : infos) {
            if (info != null) {
                appendThread(report, info, null, null);
            }
        }
        return report.toString();
    }

    private static long[] limit(long[] ids) {
        return ids.length <= MAX_THREADS ? ids : java.util.Arrays.copyOf(ids, MAX_THREADS);
    }

    private static void appendVirtualThread(StringBuilder report, Thread thread, String markClass, String markMethod) {
        Thread.State state = thread.getState();
        report.append("\nvirtual thread \"").append(thread.getName()).append("\" #").append(thread.getId())
                .append(' ').append(state);
        Object blocker = LockSupport.getBlocker(thread);
        if (blocker != null) {
            report.append(" parked on ").append(VirtualThreads.name(blocker));
        }
        StackTraceElement[] stack = thread.getStackTrace();
        for (int depth = 0; depth < stack.length && depth < MAX_FRAMES; depth++) {
            StackTraceElement frame = stack[depth];
            report.append("\n    at ").append(frame);
            if (frame.getClassName().equals(markClass) && frame.getMethodName().equals(markMethod)) {
                report.append("   <-- progress point");
            }
        }
        if (stack.length > MAX_FRAMES) {
            report.append("\n    ... ").append(stack.length - MAX_FRAMES).append(" more frames");
        }
    }

    private static void appendThread(StringBuilder report, ThreadInfo info, String markClass, String markMethod) {
        report.append("\n\"").append(info.getThreadName()).append("\" #").append(info.getThreadId())
                .append(' ').append(info.getThreadState());
        if (info.getLockInfo() != null) {
            report.append(" waiting for ").append(lockName(info.getLockInfo()));
            if (info.getLockOwnerName() != null) {
                report.append(" held by \"").append(info.getLockOwnerName()).append("\" #").append(info.getLockOwnerId());
            }
        }
        StackTraceElement[] stack = info.getStackTrace();
        MonitorInfo[] monitors = info.getLockedMonitors();
        for (int depth = 0; depth < stack.length && depth < MAX_FRAMES; depth++) {
            StackTraceElement frame = stack[depth];
            report.append("\n    at ").append(frame);
            if (frame.getClassName().equals(markClass) && frame.getMethodName().equals(markMethod)) {
                report.append("   <-- progress point");
            }
            for (MonitorInfo monitor : monitors) {
                if (monitor.getLockedStackDepth() == depth) {
                    report.append("\n    - locked ").append(lockName(monitor));
                }
            }
        }
        if (stack.length > MAX_FRAMES) {
            report.append("\n    ... ").append(stack.length - MAX_FRAMES).append(" more frames");
        }
    }

    private static String lockName(LockInfo lock) {
        return lock == null ? "nothing" : "<" + lock.getClassName() + "@" + Integer.toHexString(lock.getIdentityHashCode()) + ">";
    }
}
