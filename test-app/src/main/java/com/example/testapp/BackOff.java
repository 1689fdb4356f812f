package com.example.testapp;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The textbook way to avoid a deadlock ({@code --fault=trylock-backoff}, or {@code virtual-trylock-backoff}):
 * two threads take two locks in opposite order, the second with {@code tryLock(300 ms)}, and back off when
 * it times out. They collide over and over, each holding one lock and waiting with a timeout for the other,
 * which ThreadMXBean reports as a deadlock; it never is one. Every second an event says how it goes.
 */
final class BackOff {
    private static final AtomicLong TRANSFERS = new AtomicLong();
    private static final AtomicLong TIMEOUTS = new AtomicLong();

    static void start(boolean virtual) {
        ReentrantLock accounts = new ReentrantLock();
        ReentrantLock ledger = new ReentrantLock();
        Thread a = Faults.start(virtual, "backoff-a", () -> transferForever(accounts, ledger));
        Thread b = Faults.start(virtual, "backoff-b", () -> transferForever(ledger, accounts));
        Thread reporter = new Thread(() -> report(virtual ? null : new long[] {a.getId(), b.getId()}), "backoff-reporter");
        reporter.setDaemon(true);
        reporter.start();
    }

    private static void transferForever(ReentrantLock first, ReentrantLock second) {
        while (true) {
            first.lock();
            try {
                Faults.sleep(50); // the work under the first lock: time enough for the other thread to take its own
                if (second.tryLock(300, TimeUnit.MILLISECONDS)) {
                    try {
                        TRANSFERS.incrementAndGet();
                    } finally {
                        second.unlock();
                    }
                } else {
                    TIMEOUTS.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                first.unlock();
            }
            Faults.sleep(ThreadLocalRandom.current().nextInt(20)); // back off
        }
    }

    /** Platform threads: also how often ThreadMXBean called the pair deadlocked (polled every 100 ms). */
    private static void report(long[] platformIds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long jvmReports = 0;
        for (int tick = 1; ; tick++) {
            Faults.sleep(100);
            long[] found = platformIds == null ? null : threads.findDeadlockedThreads();
            if (found != null && contains(found, platformIds[0]) && contains(found, platformIds[1])) {
                jvmReports++;
            }
            if (tick % 10 == 0) {
                TestApp.event("backoff transfers=" + TRANSFERS.get() + " timeouts=" + TIMEOUTS.get()
                        + (platformIds == null ? "" : " jvm-deadlock-reports=" + jvmReports));
            }
        }
    }

    private static boolean contains(long[] ids, long id) {
        for (long candidate : ids) {
            if (candidate == id) {
                return true;
            }
        }
        return false;
    }

    private BackOff() {
    }
}
