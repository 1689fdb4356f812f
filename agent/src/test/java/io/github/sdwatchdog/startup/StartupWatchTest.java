package io.github.sdwatchdog.startup;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The startup rules, driven by a fake clock and hand-made samples. */
class StartupWatchTest {
    static final long S = 1_000_000_000L;
    static final String READY = "a.Server#start";

    static StackTraceElement frame(String cls, String method, boolean nativeMethod) {
        return new StackTraceElement(cls, method, nativeMethod ? null : "X.java", nativeMethod ? -2 : 10);
    }

    static final StackTraceElement[] PARKED = {
            frame("jdk.internal.misc.Unsafe", "park", true),
            frame("java.util.concurrent.locks.LockSupport", "park", false),
            frame("java.util.concurrent.CountDownLatch", "await", false),
            frame("a.Server", "start", false)};
    static final StackTraceElement[] SLEEPING = {
            frame("java.lang.Thread", "sleep", true),
            frame("a.Server", "start", false)};
    static final StackTraceElement[] ACCEPTING = {
            frame("sun.nio.ch.Net", "accept", true),
            frame("sun.nio.ch.NioSocketImpl", "accept", false),
            frame("java.net.ServerSocket", "implAccept", false),
            frame("java.net.ServerSocket", "accept", false),
            frame("a.Server", "start", false)};

    /** A sampler that answers what the test set last. */
    static final class Fake implements StartupSampler {
        StartupSample next;

        long classesAfter = -1; // what the JVM counts after the watchdog's own work; -1: unknown

        @Override
        public StartupSample sample() {
            return next;
        }

        @Override
        public long loadedClasses() {
            return classesAfter;
        }

        void set(Thread.State state, StackTraceElement[] frames, long cpu, long classes) {
            next = new StartupSample("main", true, 0, state, frames, cpu, classes);
        }
    }

    @Test
    void extendsWhileClassesLoadOrTheStackMovesAndStopsAfterStartupStall() {
        Fake fake = new Fake();
        StartupWatch watch = new StartupWatch(READY, Duration.ofSeconds(5), true, fake, 0);
        long now = 0;
        for (int i = 0; i < 20; i++, now += S) { // working: ten classes a second
            fake.set(Thread.State.RUNNABLE, SLEEPING, i * S, 1000 + 10 * i);
            assertTrue(watch.tick(now).contains("EXTEND_TIMEOUT_USEC=5000000"), "second " + i);
        }
        // spins in one place: CPU time climbs, nothing else moves; the last change counts from the sample before it (18 s)
        long hungAt = now;
        String last = "";
        for (int i = 0; i < 10; i++, now += S) {
            fake.set(Thread.State.RUNNABLE, SLEEPING, (20 + i) * S, 1192 + (i >= 5 ? 2 : 0)); // two stray classes are noise
            last = watch.tick(now);
            boolean extended = last.contains("EXTEND_TIMEOUT_USEC=");
            assertEquals(now - hungAt < 3 * S, extended, "at " + (now - hungAt) / S + " s after the hang: " + last);
        }
        assertTrue(last.contains("start timeout no longer extended"), last);
        fake.set(Thread.State.RUNNABLE, SLEEPING, 40 * S, 1250); // classes load: progress again
        assertTrue(watch.tick(now).contains("EXTEND_TIMEOUT_USEC="));
    }

    @Test
    void classesTheWatchdogLoadsItselfAreNoProgress() {
        Fake fake = new Fake();
        StartupWatch watch = new StartupWatch(READY, Duration.ofSeconds(3), true, fake, 0);
        for (long t = 0; t <= 10; t++) {
            fake.set(Thread.State.WAITING, PARKED, 0, 100 + 2 * t); // two classes a second, each loaded by the watchdog's own warning
            fake.classesAfter = 100 + 2 * t + 2;
            String message = watch.tick(t * S);
            assertEquals(t < 3, message.contains("EXTEND"), "at " + t + " s: " + message);
        }
    }

    @Test
    void startupStallOffNeverExtends() {
        Fake fake = new Fake();
        fake.set(Thread.State.RUNNABLE, SLEEPING, 0, 1);
        StartupWatch watch = new StartupWatch(READY, null, true, fake, 0);
        assertFalse(watch.tick(0).contains("EXTEND"));
    }

    @Test
    void statusSaysWhatIsAwaitedAndForHowLong() {
        Fake fake = new Fake();
        StartupWatch watch = new StartupWatch(READY, Duration.ofMinutes(1), false, fake, 0);
        fake.next = null;
        assertEquals("STATUS=starting: waiting for a.Server#start to be called, 3 s after the agent started", watch.tick(3 * S));
        fake.next = new StartupSample("main", true, 2 * S, Thread.State.TIMED_WAITING, SLEEPING, 0, 5);
        assertEquals("STATUS=starting: waiting for a.Server#start, entered 42 s ago on thread main", watch.tick(44 * S));
    }

    @Test
    void aParkedReadyMethodIsNamedAfterThirtySecondsOrStartupStall() {
        Fake fake = new Fake();
        StartupWatch watch = new StartupWatch(READY, Duration.ofSeconds(10), false, fake, 0);
        String status = "";
        for (long t = 0; t <= 12; t++) {
            fake.set(Thread.State.WAITING, PARKED, 1000, 7);
            status = watch.tick(t * S);
            assertEquals(t >= 10, status.contains("may never return"), "at " + t + " s: " + status);
        }
        assertTrue(status.contains("thread main waits in CountDownLatch.await"), status);
    }

    @Test
    void acceptIsPermanentLookingButASleepOrAComputationIsNot() {
        for (Object[] c : new Object[][] {
                {Thread.State.RUNNABLE, ACCEPTING, true},
                {Thread.State.TIMED_WAITING, SLEEPING, false},
                {Thread.State.RUNNABLE, SLEEPING, false},
                {Thread.State.BLOCKED, PARKED, false}}) {
            Fake fake = new Fake();
            StartupWatch watch = new StartupWatch(READY, Duration.ofSeconds(1), false, fake, 0);
            boolean named = false;
            for (long t = 0; t <= 40; t++) {
                fake.set((Thread.State) c[0], (StackTraceElement[]) c[1], 0, 7);
                named |= watch.tick(t * S).contains("may never return");
            }
            assertEquals(c[2], named, c[0] + " " + ((StackTraceElement[]) c[1])[0]);
        }
    }

    @Test
    void aWaitThatMovesOrBurnsCpuIsNotConfirmed() {
        Fake fake = new Fake();
        StartupWatch watch = new StartupWatch(READY, Duration.ofSeconds(1), false, fake, 0);
        for (long t = 0; t <= 40; t++) {
            fake.set(Thread.State.WAITING, t % 2 == 0 ? PARKED : ACCEPTING, t * 100_000_000L, 7);
            assertFalse(watch.tick(t * S).contains("may never return"));
        }
    }

    @Test
    void aStartupThatRevisitsTheSamePlacesIsNoLongerExtendedAfterStartupStall() {
        Fake fake = new Fake();
        StartupWatch watch = new StartupWatch(READY, Duration.ofSeconds(5), true, fake, 0);
        long now = 0;
        String last = "";
        long stuckAt = -1;
        for (int i = 0; i < 30; i++, now += S) { // a retry loop: waiting on a socket, then sleeping, again and again
            fake.set(i % 3 == 2 ? Thread.State.TIMED_WAITING : Thread.State.RUNNABLE, i % 3 == 2 ? SLEEPING : ACCEPTING,
                    i * S / 100, 1000);
            last = watch.tick(now);
            if (stuckAt < 0 && !last.contains("EXTEND_TIMEOUT_USEC")) {
                stuckAt = now;
            }
        }
        // The second place was new at 2 s (credited from 1 s): stuck 5 s later, and never extended again.
        assertEquals(6 * S, stuckAt, last);
        assertTrue(watch.stuck());
        assertTrue(last.contains("start timeout no longer extended"), last);
        fake.set(Thread.State.RUNNABLE, PARKED, 31 * S, 1000); // new ground: extended again
        assertTrue(watch.tick(now).contains("EXTEND_TIMEOUT_USEC=5000000"));
    }

    @Test
    void aReadyMethodThatThrewIsSaidToHaveThrownUntilACallIsInsideAgain() {
        Fake fake = new Fake();
        StartupWatch watch = new StartupWatch(READY, Duration.ofSeconds(5), true, fake, 0);
        fake.next = new StartupSample("main", false, 0, Thread.State.WAITING, PARKED, 0, 1000);
        watch.threw("java.lang.IllegalStateException: no port");
        watch.tick(S);
        assertEquals("starting: a.Server#start threw java.lang.IllegalStateException: no port; waiting for a call that returns",
                watch.status());
        fake.set(Thread.State.RUNNABLE, SLEEPING, 0, 1000);
        watch.tick(2 * S);
        assertTrue(watch.status().startsWith("starting: waiting for a.Server#start, entered "), watch.status());
    }
}
