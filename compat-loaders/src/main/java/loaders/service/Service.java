package loaders.service;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.locks.LockSupport;

/**
 * The small service that the loader tests run in each module system: {@link #start()} (the ready method)
 * takes half a second and returns, then {@link #tick()} (the progress method) is called every 20 ms. Its
 * output proves both ran. Uses nothing but {@code java.base}, so each loader needs to show it nothing else.
 * <ul>
 *   <li>{@code -Dcompat.block-at=N}: the N-th call of tick never returns (a hang inside the progress point);</li>
 *   <li>{@code -Dloaders.stop-file=PATH}: after 50 ticks, wait for PATH to exist, then return, so two runs
 *   print the same lines.</li>
 * </ul>
 */
public final class Service {
    private static final long BLOCK_AT = Long.getLong("compat.block-at", -1);
    private static final String STOP_FILE = System.getProperty("loaders.stop-file");
    private static final int REPORT_EVERY = 50;
    private static long ticks;

    public static void main(String[] args) throws InterruptedException {
        start();
        for (long i = 1; ; i++) {
            tick();
            if (i % REPORT_EVERY == 0) {
                System.out.println("service: ticks=" + i);
                if (STOP_FILE != null) {
                    while (!Files.exists(Paths.get(STOP_FILE))) {
                        Thread.sleep(20);
                    }
                    System.out.println("service: stopped");
                    return;
                }
            }
            Thread.sleep(20);
        }
    }

    public static void start() throws InterruptedException {
        System.out.println("service: starting in " + Service.class.getClassLoader().getClass().getName() + " at-us=" + nowMicros());
        Thread.sleep(500);
        System.out.println("service: start returns at-us=" + nowMicros());
    }

    public static void tick() {
        if (++ticks == BLOCK_AT) {
            System.out.println("service: blocking inside tick after " + ticks + " calls");
            while (true) {
                LockSupport.park();
            }
        }
    }

    private static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    private Service() {
    }
}
