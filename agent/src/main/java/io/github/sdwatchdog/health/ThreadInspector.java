package io.github.sdwatchdog.health;

import io.github.sdwatchdog.config.WatchPoint;

import java.time.Duration;
import java.util.List;

/**
 * What the health logic asks of threads once the counters have given a verdict. Every call reads only
 * the threads named or found through the counters' stripes, never the whole JVM's stacks. The JVM's
 * answer is {@link JmxThreadInspector}.
 */
public interface ThreadInspector {
    /**
     * Ids of the threads with a frame of the point's method on their stack, among the platform threads
     * whose ids fall on the given stripes and the given threads (the last ones seen to begin the point
     * there, which may be virtual).
     */
    long[] threadsInside(WatchPoint point, int[] stripes, List<Thread> lastThreads);

    /** Ids of the threads in a deadlock cycle (monitors or java.util.concurrent locks, virtual threads included); empty if none. */
    long[] deadlockedThreads();

    /** The report for a stuck point: the threads inside it, with stacks and the owners of the locks they wait on. */
    String describeStall(WatchPoint point, Duration quiet, long[] threadIds);

    /** The report for a heartbeat point that stopped beginning: the threads that last began it, alive or not. */
    String describeMissedHeartbeat(WatchPoint point, Duration quiet, List<Thread> lastThreads);

    /** The report for a deadlock: each thread with its stack, and the locks it holds and wants. */
    String describeDeadlock(long[] threadIds);
}
