package io.github.sdwatchdog.install;

import java.util.concurrent.locks.LockSupport;

/**
 * Loads the native layer (JNA, libc, then SDNotify's binding) on a thread of its own, started early in
 * premain, so that READY can go out from here or from the returning thread as soon as JNA and libc are
 * loaded, without waiting for the watchdog thread to be scheduled. Started early rather than after premain's
 * own work, READY waits far less behind a service's busy threads, for a few ms more start-up, as its class
 * loading competes with premain's (the figures: docs/performance.md, "Where the startup time goes").
 * The watchdog thread waits for it before opening its own socket.
 */
final class NativeWarmup implements Runnable {
    private final Runnable preparation;
    private volatile boolean done;
    private volatile Thread waiter;

    NativeWarmup(Runnable preparation) {
        this.preparation = preparation;
    }

    /** Called early in premain: this is the Runnable, no lambda, to keep invokedynamic off that path. */
    void start() {
        Thread thread = new Thread(this, "sd-watchdog-native");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY); // honoured where the OS lets the JVM; harmless elsewhere
        thread.start();
    }

    @Override
    public void run() {
        try {
            preparation.run();
        } catch (Throwable e) {
            // the transport loads JNA again and reports why it cannot
        } finally {
            done = true;
            Thread waiting = waiter;
            if (waiting != null) {
                LockSupport.unpark(waiting);
            }
        }
    }

    /** Runs on the watchdog thread in place of the preparation: waits until the warm-up has finished. */
    Runnable awaiter() {
        return new Runnable() {
            @Override
            public void run() {
                waiter = Thread.currentThread();
                while (!done) {
                    LockSupport.park(NativeWarmup.this);
                    Thread.interrupted();
                }
            }
        };
    }
}
