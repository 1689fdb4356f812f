package io.github.sdwatchdog.health;

import java.util.List;

/** What the JVM's collectors have done so far, read at each check; the JVM's beans in service, a fake in tests. */
interface GcReadings {
    /** The stop-the-world collectors, in the order {@link #read(long[])} fills their counts. */
    List<String> pauseCollectors();

    /** Fills each stop-the-world collector's collections so far; returns their pause time so far, in ms. */
    long read(long[] collections);

    /** Old or full collections so far: when this changes, {@link #heapAfterOld()} describes a new one. */
    long oldCollections();

    /** The heap after the latest old or full collection; null before the first, or when it cannot be read. */
    HeapAfterGc heapAfterOld();
}
