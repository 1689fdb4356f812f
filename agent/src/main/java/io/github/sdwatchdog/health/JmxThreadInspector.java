package io.github.sdwatchdog.health;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads threads through {@link ThreadMXBean}. Costs are bounded: stacks are read only when a point has
 * gone quiet, and reports never ask for locked synchronizers, which would scan the whole heap at a
 * safepoint. A report shows at most {@value #MAX_THREADS} threads and {@value #MAX_FRAMES} frames each.
 */
public final class JmxThreadInspector implements ThreadInspector {
    static final int MAX_THREADS = 8;
    static final int MAX_FRAMES = 48;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @Override
    public long[] threadsInside(ProgressPoint point) {
        String className = point.method().className();
        String methodName = point.method().methodName();
        List<Long> ids = new ArrayList<>();
        for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
            if (info != null && hasFrame(info.getStackTrace(), className, methodName)) {
                ids.add(info.getThreadId());
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
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
        long[] ids = threads.findDeadlockedThreads();
        return ids == null ? new long[0] : ids;
    }

    @Override
    public String describeStall(ProgressPoint point, Duration quiet, long[] threadIds) {
        StringBuilder report = new StringBuilder();
        report.append("progress point ").append(point).append(" is stuck: no call has begun for ")
                .append(OptionsParser.format(Duration.ofMillis(quiet.toMillis())))
                .append(" (since ").append(Instant.now().minus(quiet)).append("; stall=")
                .append(OptionsParser.format(point.stall())).append("), and ").append(threadIds.length)
                .append(threadIds.length == 1 ? " thread is" : " threads are").append(" inside it:");
        Map<Long, ThreadInfo> owners = new LinkedHashMap<>();
        ThreadInfo[] infos = threads.getThreadInfo(limit(threadIds), true, false);
        for (ThreadInfo info : infos) {
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
    public String describeDeadlock(long[] threadIds) {
        ThreadInfo[] infos = threads.getThreadInfo(limit(threadIds), true, false);
        StringBuilder report = new StringBuilder("deadlock: ").append(threadIds.length)
                .append(" threads wait for each other forever:");
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
