package com.example.testapp;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/** The faults a test can select. Each one is what a real service does when it goes wrong. */
final class Faults {
    private static final ReentrantLock CONFIG_LOCK = new ReentrantLock();
    static volatile long sink;

    /** A thread that keeps a core busy, as a service under load does. */
    static void spinForever() {
        long x = 0;
        while (true) {
            x = x * 31 + 7;
            sink = x;
        }
    }

    static void schedule(TestApp.Settings settings, WorkLoop loop) {
        Thread trigger = new Thread(() -> {
            LockSupport.parkNanos(settings.faultAfter.toNanos());
            TestApp.event("fault=" + settings.fault.name().toLowerCase().replace('_', '-'));
            switch (settings.fault) {
                case HANG: hangInsideTick(loop); break;
                case SPIN: loop.nextTickFault = Faults::spin; break;
                case LOCK_DEADLOCK: reentrantLockDeadlock(false); break;
                case SYNC_DEADLOCK: synchronizedDeadlock(false); break;
                case IDLE: loop.idle = true; break;
                case SLOW_TICK: loop.nextTickFault = () -> sleep(settings.slowTick.toMillis()); break;
                case EXIT: Runtime.getRuntime().exit(settings.exitCode); break;
                case VIRTUAL_LOCK_DEADLOCK: reentrantLockDeadlock(true); break;
                case VIRTUAL_SYNC_DEADLOCK: synchronizedDeadlock(true); break;
                case LOOP_DIES: loop.nextTickFault = () -> {
                    throw new OutOfMemoryError("simulated: the loop thread dies");
                };
                    break;
                case INTERRUPT_ALL: interruptEveryThreadForever(); break;
                case TRYLOCK_BACKOFF: BackOff.start(false); break;
                case VIRTUAL_TRYLOCK_BACKOFF: BackOff.start(true); break;
                case CROWDED_VIRTUAL_HANG: Requests.hangThenCrowd(settings.crowd); break;
                case GC_CHURN: GcLoad.start(settings.heapLive, settings.churnThreads); break;
                default: throw new IllegalStateException(settings.fault.name());
            }
        }, "fault-trigger");
        trigger.setDaemon(true);
        trigger.start();
    }

    /** A thread takes a lock and never gives it back; the next tick waits for it forever. */
    private static void hangInsideTick(WorkLoop loop) {
        CountDownLatch held = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            CONFIG_LOCK.lock();
            held.countDown();
            while (true) {
                LockSupport.park();
            }
        }, "config-reloader");
        holder.setDaemon(true);
        holder.start();
        await(held);
        loop.nextTickFault = CONFIG_LOCK::lock;
    }

    private static void spin() {
        while (true) {
            sink += System.nanoTime();
        }
    }

    /** Some services interrupt every thread they can see, for example on a reload; none of this must break. */
    private static void interruptEveryThreadForever() {
        while (true) {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread != Thread.currentThread() && !thread.getName().equals("work-loop")) {
                    thread.interrupt();
                }
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    private static void reentrantLockDeadlock(boolean virtual) {
        ReentrantLock accounts = new ReentrantLock();
        ReentrantLock ledger = new ReentrantLock();
        CountDownLatch bothHeld = new CountDownLatch(2);
        start(virtual, "transfer-a", () -> {
            accounts.lock();
            bothHeld.countDown();
            await(bothHeld);
            ledger.lock();
        });
        start(virtual, "transfer-b", () -> {
            ledger.lock();
            bothHeld.countDown();
            await(bothHeld);
            accounts.lock();
        });
    }

    private static void synchronizedDeadlock(boolean virtual) {
        Object cache = new Object();
        Object index = new Object();
        CountDownLatch bothHeld = new CountDownLatch(2);
        start(virtual, "refresh-cache", () -> {
            synchronized (cache) {
                bothHeld.countDown();
                await(bothHeld);
                synchronized (index) {
                    sink++;
                }
            }
        });
        start(virtual, "rebuild-index", () -> {
            synchronized (index) {
                bothHeld.countDown();
                await(bothHeld);
                synchronized (cache) {
                    sink++;
                }
            }
        });
    }

    /** A server waiting for work outside the loop method: healthy, and must never be killed. */
    static void idleOutsideTick() {
        try {
            new LinkedBlockingQueue<Runnable>().take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Thread start(boolean virtual, String name, Runnable body) {
        if (virtual) {
            return VirtualThreads.start(name, body);
        }
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Faults() {
    }
}
