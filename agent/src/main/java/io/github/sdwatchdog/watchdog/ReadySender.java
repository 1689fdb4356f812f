package io.github.sdwatchdog.watchdog;

import io.github.sdwatchdog.notify.Notifier;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets the application thread that returns from the ready method send {@code READY=1} itself, when the
 * socket is already open, instead of waking the watchdog thread and waiting for it to be scheduled: with
 * the cores full of the service's own threads that wait was most of READY's delay. The application thread
 * uses a socket of its own (no lock shared with the watchdog thread), sends without blocking
 * ({@code MSG_DONTWAIT}) and never throws. Exactly one of the two threads sends READY: a claim decides.
 */
final class ReadySender {
    private static final int FREE = 0;
    private static final int SENDING = 1;
    private static final int SENT = 2;

    private final AtomicInteger state = new AtomicInteger(FREE);
    private volatile Notifier socket;

    /** Called on the watchdog thread once the native layer is loaded. */
    void open(Notifier own) {
        socket = own;
    }

    /** On the application thread: sends READY if the socket is open and nobody else is; never blocks or throws. */
    boolean tryFromApplication() {
        Notifier own = socket;
        if (own == null || !state.compareAndSet(FREE, SENDING)) {
            return false;
        }
        boolean sent = false;
        try {
            sent = own.send("READY=1");
        } catch (Throwable e) {
            sent = false; // the watchdog thread sends it instead
        } finally {
            state.set(sent ? SENT : FREE);
        }
        return sent;
    }

    /**
     * On the watchdog thread: true if the application thread has sent READY; otherwise claims the send
     * for the caller, who must call {@link #claimedSendDone}. Waits out an application send in progress,
     * which never blocks.
     */
    boolean sentByApplicationElseClaim() {
        while (true) {
            int now = state.get();
            if (now == SENT) {
                return true;
            }
            if (now == FREE && state.compareAndSet(FREE, SENDING)) {
                return false;
            }
            Thread.onSpinWait();
        }
    }

    void claimedSendDone(boolean sent) {
        state.set(sent ? SENT : FREE);
    }
}
