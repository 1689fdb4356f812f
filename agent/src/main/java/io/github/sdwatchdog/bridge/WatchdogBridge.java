package io.github.sdwatchdog.bridge;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * The only agent class that instrumented code calls. It is defined in the bootstrap class loader, so
 * code in every class loader (system, plugin, isolated, nested-jar) resolves the same class.
 * It uses nothing outside {@code java.base}.
 *
 * <p>Hot-path rules: no allocation, no locks, no logging. Progress counters are striped by thread id,
 * one 128-byte block per stripe, so two threads calling the same method rarely share a cache line.
 * Stores are opaque: cheap, and guaranteed to become visible to the watchdog thread.
 */
public final class WatchdogBridge {
    /** Progress points one agent can watch. One stripe block holds one counter per point. */
    public static final int MAX_POINTS = 16;

    private static final int STRIPE_SHIFT = 4; // 16 longs = 128 bytes per stripe
    private static final int STRIPE_MASK;
    private static final int BASE = 16; // keep the first stripe off the array header's cache line
    private static final long[] CELLS;
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle READY_LATCHED;

    @SuppressWarnings("unused") // accessed through READY_LATCHED
    private static volatile boolean readyLatched;
    private static volatile Runnable readyListener;
    private static volatile Consumer<Throwable> startupFailureListener;

    static {
        int stripes = Integer.highestOneBit(Math.max(4, Runtime.getRuntime().availableProcessors() * 4) - 1) << 1;
        stripes = Math.min(stripes, 1024);
        STRIPE_MASK = stripes - 1;
        CELLS = new long[BASE + (stripes << STRIPE_SHIFT) + BASE];
        try {
            READY_LATCHED = MethodHandles.lookup().findStaticVarHandle(WatchdogBridge.class, "readyLatched", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Woven at the entry of every progress method. */
    public static void progress(int point) {
        int index = BASE + (((int) Thread.currentThread().getId() & STRIPE_MASK) << STRIPE_SHIFT) + point;
        CELL.setOpaque(CELLS, index, (long) CELL.getOpaque(CELLS, index) + 1);
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

    /** Woven into a handler that covers the ready method and rethrows. */
    public static void startupThrew(Throwable failure) {
        Consumer<Throwable> listener = startupFailureListener;
        if (!readyLatched && listener != null) {
            try {
                listener.accept(failure);
            } catch (Throwable ignored) {
                // never into the application
            }
        }
    }

    /** How many calls of the point have begun. Only changes matter; lost racing increments are harmless. */
    public static long progressCount(int point) {
        long sum = 0;
        for (int stripe = 0; stripe <= STRIPE_MASK; stripe++) {
            sum += (long) CELL.getOpaque(CELLS, BASE + (stripe << STRIPE_SHIFT) + point);
        }
        return sum;
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
