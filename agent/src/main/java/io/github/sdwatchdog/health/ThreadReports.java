package io.github.sdwatchdog.health;

import io.github.sdwatchdog.config.Durations;
import io.github.sdwatchdog.config.WatchPoint;

import java.lang.management.LockInfo;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The reports the journal gets: the threads behind a stuck point, a stopped heartbeat or a deadlock, with
 * their stacks and the locks they hold and want. Bounded: at most {@value #MAX_THREADS} threads and
 * {@value #MAX_FRAMES} frames each, and never a request for locked synchronizers (a heap scan at a safepoint);
 * the {@code java.util.concurrent} locks a deadlocked thread holds are derived from what the others want.
 */
final class ThreadReports {
    static final int MAX_THREADS = 8;
    static final int MAX_FRAMES = 48;

    private final ThreadMXBean threads;
    private final Map<Long, Thread> virtualById;
    private final Map<Long, VirtualThreads.Wait> virtualWaits;

    /** The maps are the inspector's: the virtual threads its last queries found, which ThreadMXBean cannot look up. */
    ThreadReports(ThreadMXBean threads, Map<Long, Thread> virtualById, Map<Long, VirtualThreads.Wait> virtualWaits) {
        this.threads = threads;
        this.virtualById = virtualById;
        this.virtualWaits = virtualWaits;
    }

    String stall(WatchPoint point, Duration quiet, long[] threadIds) {
        StringBuilder report = new StringBuilder();
        report.append("progress point ").append(point).append(" is stuck: no call has begun for ")
                .append(Durations.format(Duration.ofMillis(quiet.toMillis())))
                .append(" (since ").append(Instant.now().minus(quiet)).append("; stall=")
                .append(Durations.format(point.limit())).append("), and ").append(threadIds.length)
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

    String missedHeartbeat(WatchPoint point, Duration quiet, List<Thread> lastThreads) {
        StringBuilder report = new StringBuilder();
        report.append("heartbeat point ").append(point).append(" has stopped: no call has begun for ")
                .append(Durations.format(Duration.ofMillis(quiet.toMillis())))
                .append(" (since ").append(Instant.now().minus(quiet)).append("; it must begin every ")
                .append(Durations.format(point.limit())).append(')');
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

    String deadlock(long[] threadIds) {
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
                    .append(" wants ").append(wait.lockName()).append(" held by \"").append(wait.owner.getName())
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
        return ids.length <= MAX_THREADS ? ids : Arrays.copyOf(ids, MAX_THREADS);
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
