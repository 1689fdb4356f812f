package io.github.sdwatchdog.health;

import io.github.sdwatchdog.config.WatchPoint;

/** How checks name a point: its kind and its method, as the probes' verbose lines show it. */
final class PointNames {
    static String check(WatchPoint point) {
        return point.kind() + ":" + point;
    }

    private PointNames() {
    }
}
