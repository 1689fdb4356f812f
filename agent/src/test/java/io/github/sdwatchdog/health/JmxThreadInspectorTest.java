package io.github.sdwatchdog.health;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deadlock search against real platform threads in this JVM: a deadlock is a cycle of waits without a
 * timeout, whatever ThreadMXBean says. Every lock here is taken interruptibly, so each test ends its threads.
 */
class JmxThreadInspectorTest {
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final JmxThreadInspector inspector = new JmxThreadInspector();
    private final List<Thread> started = new ArrayList<>();

    /** How a thread waits for its second lock. */
    private interface Acquire {
        void take(ReentrantLock lock) throws InterruptedException;
    }

    private static final Acquire UNTIMED = ReentrantLock::lockInterruptibly;
    private static final Acquire TIMED_FOR_AN_HOUR = lock -> lock.tryLock(1, TimeUnit.HOURS);

    @AfterEach
    void stop() throws InterruptedException {
        for (Thread thread : started) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
    }

    private Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        started.add(thread);
        return thread;
    }

    /** Takes {@code first}, waits until {@code bothHeld} counts down, then takes {@code second} as asked. */
    private Thread takeInOrder(String name, ReentrantLock first, ReentrantLock second, CountDownLatch bothHeld, Acquire how) {
        return start(name, () -> {
            first.lock();
            try {
                bothHeld.countDown();
                bothHeld.await();
                how.take(second);
            } catch (InterruptedException e) {
                // the test is over
            } finally {
                first.unlock();
            }
        });
    }

    private static boolean contains(long[] ids, Thread thread) {
        for (long id : ids) {
            if (id == thread.getId()) {
                return true;
            }
        }
        return false;
    }

    /** Polls, with a deadline, until ThreadMXBean reports both threads deadlocked. */
    private void awaitJvmCalls(Thread a, Thread b) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < DEADLINE_NANOS) {
            long[] found = mx.findDeadlockedThreads();
            if (found != null && contains(found, a) && contains(found, b)) {
                return;
            }
            Thread.sleep(10); // polling for a condition, with a deadline
        }
        throw new AssertionError("ThreadMXBean never reported " + a.getName() + " and " + b.getName());
    }

    @Test
    void aCycleOfTimedWaitsIsNoDeadlockThoughTheJvmCallsItOne() throws Exception {
        assertNoDeadlock(TIMED_FOR_AN_HOUR, TIMED_FOR_AN_HOUR, "both wait with a timeout: they will back off");
    }

    @Test
    void aCycleWithOneTimedWaiterIsNoDeadlock() throws Exception {
        assertNoDeadlock(UNTIMED, TIMED_FOR_AN_HOUR, "b's wait ends, and with it the cycle");
    }

    /** Two threads that take two locks in opposite order, each waiting for its second lock as asked. */
    private void assertNoDeadlock(Acquire howA, Acquire howB, String why) throws InterruptedException {
        ReentrantLock accounts = new ReentrantLock();
        ReentrantLock ledger = new ReentrantLock();
        CountDownLatch bothHeld = new CountDownLatch(2);
        Thread a = takeInOrder("a", accounts, ledger, bothHeld, howA);
        Thread b = takeInOrder("b", ledger, accounts, bothHeld, howB);
        awaitJvmCalls(a, b);
        long[] found = inspector.deadlockedThreads();
        assertFalse(contains(found, a) || contains(found, b), why);
    }

    @Test
    void aCycleOfUntimedWaitsIsADeadlockAndAThreadWaitingOnItIsNotInIt() throws Exception {
        ReentrantLock accounts = new ReentrantLock();
        ReentrantLock ledger = new ReentrantLock();
        CountDownLatch bothHeld = new CountDownLatch(2);
        Thread a = takeInOrder("untimed-a", accounts, ledger, bothHeld, UNTIMED);
        Thread b = takeInOrder("untimed-b", ledger, accounts, bothHeld, UNTIMED);
        bothHeld.await();
        Thread behind = start("behind", () -> {
            try {
                accounts.lockInterruptibly();
                accounts.unlock();
            } catch (InterruptedException e) {
                // the test is over
            }
        });
        awaitJvmCalls(a, b);
        while (!accounts.hasQueuedThread(behind)) {
            Thread.sleep(10); // polling for a condition; the test's timeout bounds it
        }
        long[] found = inspector.deadlockedThreads();
        assertTrue(contains(found, a) && contains(found, b), "the cycle");
        assertFalse(contains(found, behind), "waits on the cycle, is not in it");
    }

    @Test
    void aTryLockBackOffIsNeverADeadlock() throws Exception {
        ReentrantLock accounts = new ReentrantLock();
        ReentrantLock ledger = new ReentrantLock();
        Thread a = start("back-off-a", () -> backOffForever(accounts, ledger));
        Thread b = start("back-off-b", () -> backOffForever(ledger, accounts));
        int jvmSawACycle = 0;
        long start = System.nanoTime();
        while (jvmSawACycle < 5 && System.nanoTime() - start < DEADLINE_NANOS) {
            long[] jvm = mx.findDeadlockedThreads();
            if (jvm != null && contains(jvm, a) && contains(jvm, b)) {
                jvmSawACycle++;
            }
            long[] found = inspector.deadlockedThreads();
            assertFalse(contains(found, a) || contains(found, b), "a back-off is no deadlock");
            Thread.sleep(5); // polling, with a deadline
        }
        assertTrue(jvmSawACycle == 5, "the back-off never formed the cycle ThreadMXBean reports");
    }

    private static void backOffForever(ReentrantLock first, ReentrantLock second) {
        try {
            while (true) {
                first.lockInterruptibly();
                try {
                    Thread.sleep(5); // hold it long enough for the other to collide
                    if (second.tryLock(50, TimeUnit.MILLISECONDS)) {
                        second.unlock();
                    }
                } finally {
                    first.unlock();
                }
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            // the test is over
        }
    }
}
