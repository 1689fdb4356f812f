package io.github.sdwatchdog.watchdog;

import java.util.concurrent.locks.LockSupport;

/**
 * What other threads tell the watchdog thread: the ready method returned (from the application's thread,
 * through the bridge), or the JVM is shutting down (from the shutdown hook). Each wakes the watchdog thread.
 */
final class Lifecycle {
    private volatile Thread watchdogThread;
    private volatile boolean startupReturned;
    private volatile long readyAtNanos;
    private volatile boolean stopping;
    private volatile String startupFailure;

    void watchdogThread(Thread thread) {
        watchdogThread = thread;
    }

    void startupReturned() {
        readyAtNanos = System.nanoTime();
        startupReturned = true;
        wake();
    }

    /** The ready method threw (on the application's thread): the watch says so until a call returns. */
    void startupThrew(Throwable failure) {
        startupFailure = String.valueOf(failure);
    }

    /** The latest failure of the ready method, or null. */
    String startupFailure() {
        return startupFailure;
    }

    void stopping() {
        stopping = true;
        wake();
    }

    boolean hasStartupReturned() {
        return startupReturned;
    }

    long readyAtNanos() {
        return readyAtNanos;
    }

    boolean isStopping() {
        return stopping;
    }

    /** Parks the watchdog thread for at most this long; interrupts are cleared, so an application that interrupts every thread cannot make it spin. */
    static void pause(Object blocker, long nanos) {
        LockSupport.parkNanos(blocker, nanos);
        Thread.interrupted();
    }

    private void wake() {
        Thread thread = watchdogThread;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }
}
