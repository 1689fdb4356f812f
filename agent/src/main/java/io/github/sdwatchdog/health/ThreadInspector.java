package io.github.sdwatchdog.health;

import io.github.sdwatchdog.config.ProgressPoint;

import java.time.Duration;

/** What the health logic needs to know about threads. The JVM's answer is {@link JmxThreadInspector}. */
public interface ThreadInspector {
    /** Ids of the threads with a frame of the point's method on their stack. */
    long[] threadsInside(ProgressPoint point);

    /** Ids of the threads in a deadlock cycle (monitors or java.util.concurrent locks); empty if none. */
    long[] deadlockedThreads();

    /** The report for a stuck point: the threads inside it, with stacks and the owners of the locks they wait on. */
    String describeStall(ProgressPoint point, Duration quiet, long[] threadIds);

    /** The report for a deadlock: each thread with its stack, and the locks it holds and wants. */
    String describeDeadlock(long[] threadIds);
}
