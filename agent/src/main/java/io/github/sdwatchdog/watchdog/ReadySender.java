package io.github.sdwatchdog.watchdog;

import io.github.sdwatchdog.notify.Notifier;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends {@code READY=1} from whichever thread can first: the application thread that returns from the
 * ready method, if the socket is open by then, or the native loader thread, the moment it opens the
 * socket, if the method has returned by then. Either way READY does not wait for the watchdog thread to
 * be scheduled, which on a machine full of the service's own threads was most of its delay. The socket
 * is one of its own (no lock shared with the watchdog thread), sends never block ({@code MSG_DONTWAIT})
 * and nothing here throws. A claim makes sure exactly one thread sends; the watchdog thread sends READY
 * itself only if neither did.
 */
public final class ReadySender {
    private static final int FREE = 0;
    private static final int SENDING = 1;
    private static final int SENT = 2;

    private final String message;
    private final AtomicInteger state = new AtomicInteger(FREE);
    private volatile Notifier socket;
    private volatile boolean startupReturned;
    private volatile String sentBy;

    /**
     * @param claim           what READY's datagram starts with ({@code MAINPID=} when this JVM must claim the unit)
     * @param watchdogEnabled whether systemd expects pings: then the datagram carries the first one too, so
     *                        the watchdog timer that READY starts is fed before the watchdog thread has
     *                        loaded what its first health check needs (the service has only just started)
     */
    public ReadySender(String claim, boolean watchdogEnabled) {
        message = claim + (watchdogEnabled ? "READY=1\nWATCHDOG=1" : "READY=1");
    }

    /** On the thread that opened the socket: sends READY at once if the startup method has already returned. */
    public void open(Notifier own) {
        if (own == null || socket != null) {
            return;
        }
        socket = own;
        if (startupReturned) {
            trySend("the native loader thread, as soon as the socket opened");
        }
    }

    /**
     * Sends another message on READY's socket, for the shutdown hook when the watchdog thread has not opened its
     * own yet (the JVM stops just after READY); false if there is no socket.
     */
    boolean sendOnOwnSocket(String message) {
        Notifier own = socket;
        try {
            return own != null && own.send(message);
        } catch (Throwable e) {
            return false;
        }
    }

    /** True once READY has gone out. */
    boolean sent() {
        return state.get() == SENT;
    }

    /** True once a socket for READY is open. */
    boolean hasSocket() {
        return socket != null;
    }

    /** On the thread that found the service ready (the one returning from the ready method): never blocks or throws. */
    void startupReturned(String thread) {
        startupReturned = true;
        trySend(thread);
    }

    private void trySend(String by) {
        Notifier own = socket;
        if (own == null || !state.compareAndSet(FREE, SENDING)) {
            return;
        }
        boolean sent = false;
        try {
            sent = own.send(message);
        } catch (Throwable e) {
            sent = false; // the watchdog thread sends it instead
        } finally {
            if (sent) {
                sentBy = by;
            }
            state.set(sent ? SENT : FREE);
        }
    }

    /**
     * On the watchdog thread: who sent READY, if another thread did; otherwise null, and the send is
     * claimed for the caller, who must call {@link #claimedSendDone}.
     */
    String sentByOtherElseClaim() {
        while (true) {
            int now = state.get();
            if (now == SENT) {
                return sentBy;
            }
            if (now == FREE && state.compareAndSet(FREE, SENDING)) {
                return null;
            }
            LockSupport.parkNanos(this, 100_000L); // a send in progress never blocks; its thread may be descheduled
        }
    }

    void claimedSendDone(boolean sent) {
        state.set(sent ? SENT : FREE);
    }
}
