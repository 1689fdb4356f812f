package com.example.testapp;

import java.util.concurrent.locks.LockSupport;

/** The main loop. {@link #tick()} is one unit of work; a healthy loop calls it every {@code --tick}. */
public final class WorkLoop {
    private final TestApp.Settings settings;
    volatile Runnable nextTickFault;
    volatile boolean idle;
    private long ticks;

    WorkLoop(TestApp.Settings settings) {
        this.settings = settings;
    }

    void run() {
        while (true) {
            if (idle) {
                Faults.idleOutsideTick();
            }
            tick();
            LockSupport.parkNanos(settings.tick.toNanos());
        }
    }

    public void tick() {
        Runnable fault = nextTickFault;
        if (fault != null) {
            nextTickFault = null;
            fault.run();
        }
        ticks++;
        if (ticks % 50 == 0) {
            TestApp.event("ticks=" + ticks);
        }
    }
}
