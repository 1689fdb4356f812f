package io.github.sdwatchdog.health;

/** The heap as an old or full collection left it: how full, and each pool, the largest first. */
final class HeapAfterGc {
    final double occupancy;
    final String pools;

    HeapAfterGc(double occupancy, String pools) {
        this.occupancy = occupancy;
        this.pools = pools;
    }
}
