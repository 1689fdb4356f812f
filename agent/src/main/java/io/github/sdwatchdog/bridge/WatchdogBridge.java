package io.github.sdwatchdog.bridge;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * The only agent class that instrumented code calls. It is defined in the bootstrap class loader, so
 * code in every class loader (system, plugin, isolated, nested-jar) resolves the same class.
 * It uses nothing outside {@code java.base}.
 *
 * <p>Hot-path rules: no allocation, no locks, no logging. Each watched method counts the calls that
 * begin ({@link #enter}) and the calls that end, normally or by exception ({@link #exit}), so the watchdog
 * knows whether a call is in flight without reading any stack. Counters are striped by thread id
 * ({@code id mod }{@value #STRIPES}): a pool's threads, whose ids are close together, each get a stripe
 * of their own, 256 bytes wide, so no two of them write one cache line. Threads whose ids differ by a
 * multiple of {@value #STRIPES} share a stripe; an increment they race on can be lost, which the
 * watchdog corrects for (it confirms a call in flight on the thread's stack before it calls it stuck).
 * Stores are opaque: cheap, and guaranteed to become visible to the watchdog thread.
 *
 * <p>Each stripe also remembers the last thread that began each method, written only when it changes,
 * so the watchdog can find a virtual thread, which no thread listing shows, or a loop thread that died.
 */
public final class WatchdogBridge {
    /** Points (progress and heartbeat) one agent can watch. */
    public static final int MAX_POINTS = 16;
    /** Counter stripes; a power of two. */
    public static final int STRIPES = 1024;

    private static final int STRIPE_MASK = STRIPES - 1;
    private static final int STRIPE_SHIFT = 5; // 2 counters x 16 points = 32 longs = 256 bytes per stripe
    private static final int BASE = 16; // keep the first stripe off the array header's cache line
    private static final long[] CELLS = new long[BASE + (STRIPES << STRIPE_SHIFT) + BASE];
    private static final int HINT_SHIFT = 5; // 32 references per stripe: a line of its own, compressed or not
    private static final Thread[] LAST_THREADS = new Thread[BASE + (STRIPES << HINT_SHIFT) + BASE];
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle LAST_THREAD = MethodHandles.arrayElementVarHandle(Thread[].class);
    private static final VarHandle READY_LATCHED;

    @SuppressWarnings("unused") // accessed through READY_LATCHED
    private static volatile boolean readyLatched;
    private static volatile Runnable readyListener;
    private static volatile Thread startupThread; // the last thread that entered the ready method before READY
    private static volatile long startupEnteredNanos;
    private static volatile Consumer<Throwable> startupFailureListener;

    static {
        try {
            READY_LATCHED = MethodHandles.lookup().findStaticVarHandle(WatchdogBridge.class, "readyLatched", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Woven at the entry of every watched method. */
    public static void enter(int point) {
        Thread thread = Thread.currentThread();
        int stripe = (int) thread.getId() & STRIPE_MASK;
        int index = BASE + (stripe << STRIPE_SHIFT) + (point << 1);
        CELL.setOpaque(CELLS, index, (long) CELL.getOpaque(CELLS, index) + 1);
        int hint = BASE + (stripe << HINT_SHIFT) + point;
        if (LAST_THREAD.getOpaque(LAST_THREADS, hint) != thread) {
            LAST_THREAD.setOpaque(LAST_THREADS, hint, thread);
        }
    }

    /** Woven before every return of a watched method, and in a handler that covers its body and rethrows. */
    public static void exit(int point) {
        int index = BASE + (((int) Thread.currentThread().getId() & STRIPE_MASK) << STRIPE_SHIFT) + (point << 1) + 1;
        CELL.setOpaque(CELLS, index, (long) CELL.getOpaque(CELLS, index) + 1);
    }

    /**
     * Woven at the entry of the ready method, so the watchdog can say who is inside it and since when.
     * After READY, or when the same thread enters again (a recursive or repeated call), only two reads.
     */
    public static void startupEntered() {
        Thread thread = Thread.currentThread();
        if (!readyLatched && startupThread != thread) {
            startupEnteredNanos = System.nanoTime();
            startupThread = thread;
        }
    }

    /** The thread last seen entering the ready method before READY, or null. */
    public static Thread startupThread() {
        return startupThread;
    }

    /** {@link System#nanoTime()} when {@link #startupThread()} entered the ready method. */
    public static long startupEnteredNanos() {
        return startupEnteredNanos;
    }

    /** Woven before every normal return of the ready method. */
    public static void startupReturned() {
        if (!readyLatched && READY_LATCHED.compareAndSet(false, true)) {
            Runnable listener = readyListener;
            if (listener != null) {
                try {
                    listener.run();
                } catch (Throwable ignored) {
                    // never into the application
                }
            }
        }
    }

    /** Woven into a handler that covers the ready method and rethrows. The thread is no longer inside it. */
    public static void startupThrew(Throwable failure) {
        if (startupThread == Thread.currentThread()) {
            startupThread = null;
        }
        Consumer<Throwable> listener = startupFailureListener;
        if (!readyLatched && listener != null) {
            try {
                listener.accept(failure);
            } catch (Throwable ignored) {
                // never into the application
            }
        }
    }

    /** How many calls of the point have begun. Only changes matter. */
    public static long begun(int point) {
        long sum = 0;
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            sum += (long) CELL.getOpaque(CELLS, BASE + (stripe << STRIPE_SHIFT) + (point << 1));
        }
        return sum;
    }

    /**
     * Per stripe, calls begun minus calls ended. Ends are read before begins, so a call that begins and
     * ends between the two reads shows as in flight, never the reverse.
     */
    public static void inFlight(int point, long[] perStripe) {
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            int index = BASE + (stripe << STRIPE_SHIFT) + (point << 1);
            long ended = (long) CELL.getOpaque(CELLS, index + 1);
            perStripe[stripe] = (long) CELL.getOpaque(CELLS, index) - ended;
        }
    }

    /** The last thread that began the point on this stripe, or null. */
    public static Thread lastThread(int point, int stripe) {
        return (Thread) LAST_THREAD.getOpaque(LAST_THREADS, BASE + (stripe << HINT_SHIFT) + point);
    }

    public static int stripeOf(long threadId) {
        return (int) threadId & STRIPE_MASK;
    }

    public static boolean isReadyLatched() {
        return readyLatched;
    }

    public static void listen(Runnable onReady, Consumer<Throwable> onStartupFailure) {
        startupFailureListener = onStartupFailure;
        readyListener = onReady;
    }

    private WatchdogBridge() {
    }
}
