package compat;

import java.util.concurrent.locks.LockSupport;

/**
 * A service whose progress method is already being called, by PreloadAgent's thread, when the watchdog
 * agent starts. Its ready method runs in main. With {@code -Dcompat.block-at=N}, the N-th call of
 * {@link #tick()} never returns.
 */
public final class EarlyApp {
    private static final long BLOCK_AT = Long.getLong("compat.block-at", -1);
    private static long ticks;

    public static void main(String[] args) throws InterruptedException {
        start();
        Thread.currentThread().join(); // the ticks come from PreloadAgent's thread
    }

    public static void start() {
        System.out.println("early-app: started");
    }

    public static void tick() {
        if (++ticks == BLOCK_AT) {
            System.out.println("early-app: blocking inside tick after " + ticks + " calls");
            while (true) {
                LockSupport.park();
            }
        }
    }

    private EarlyApp() {
    }
}
