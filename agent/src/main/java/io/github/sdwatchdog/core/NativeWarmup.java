package io.github.sdwatchdog.core;

import java.util.concurrent.locks.LockSupport;

/**
 * Loads the native layer (JNA, libc, SDNotify's binding: about 65 ms of CPU when cold) on a thread of its
 * own, started as soon as premain knows the agent will be active, so that the work overlaps the rest of
 * premain and the JVM's own start of the service instead of following them. A service whose startup
 * method returns at once then gets READY sooner, and the load is mostly done before the service can
 * fill the cores with its own threads. The watchdog thread waits for it before opening the socket.
 */
final class NativeWarmup implements Runnable {
    private final Runnable preparation;
    private volatile boolean done;
    private volatile Thread waiter;

    NativeWarmup(Runnable preparation) {
        this.preparation = preparation;
    }

    /** Called from premain: an inner Runnable (this), not a lambda, to keep invokedynamic off that path. */
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
