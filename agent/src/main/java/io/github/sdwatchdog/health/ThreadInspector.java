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
     * whose ids fall on the given stripes, the given threads (the last ones seen to begin the point
     * there, which may be virtual), and the virtual threads that {@link #virtualThreadsInside} last found
     * inside the point.
     */
    long[] threadsInside(WatchPoint point, int[] stripes, List<Thread> lastThreads);

    /**
     * Ids of the virtual threads whose ids fall on the given stripes and that have a frame of the point's
     * method on their stack: the calls that {@link #threadsInside} cannot see once later calls on the
     * same stripe replaced the last-thread hint. Lists every virtual thread, so it is asked only for the
     * stripes that nothing cheaper explained; empty where virtual threads cannot be listed.
     */
    long[] virtualThreadsInside(WatchPoint point, int[] stripes);

    /**
     * Ids of the threads in a deadlock: a cycle in which each thread waits, without a timeout, for a lock
     * (a monitor or a java.util.concurrent lock) that the next one holds, virtual threads included. A cycle
     * with a timed waiter ({@code tryLock(timeout)}) is none: it breaks when the wait times out. Empty if none.
     */
    long[] deadlockedThreads();

    /** The report for a stuck point: the threads inside it, with stacks and the owners of the locks they wait on. */
    String describeStall(WatchPoint point, Duration quiet, long[] threadIds);

    /** The report for a heartbeat point that stopped beginning: the threads that last began it, alive or not. */
    String describeMissedHeartbeat(WatchPoint point, Duration quiet, List<Thread> lastThreads);

    /** The report for a deadlock: each thread with its stack, and the locks it holds and wants. */
    String describeDeadlock(long[] threadIds);
}
