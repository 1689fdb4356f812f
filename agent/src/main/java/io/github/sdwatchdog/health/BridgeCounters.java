package io.github.sdwatchdog.health;

import io.github.sdwatchdog.bridge.WatchdogBridge;

/** The counters that woven code keeps in {@link WatchdogBridge}. */
public final class BridgeCounters implements PointCounters {
    @Override
    public int stripes() {
        return WatchdogBridge.STRIPES;
    }

    @Override
    public int stripeOf(long threadId) {
        return WatchdogBridge.stripeOf(threadId);
    }

    @Override
    public long begun(int point) {
        return WatchdogBridge.begun(point);
    }

    @Override
    public void inFlight(int point, long[] perStripe) {
        WatchdogBridge.inFlight(point, perStripe);
    }

    @Override
    public Thread lastThread(int point, int stripe) {
        return WatchdogBridge.lastThread(point, stripe);
    }
}
