package io.github.sdwatchdog.check;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What check reads in a method's own body, on classes compiled here. */
class MethodBodyTest {
    /** Methods of the shapes check must tell apart. */
    static final class Shapes {
        Lock lock;
        Condition changed;
        boolean starting;
        CountDownLatch latch;
        BlockingQueue<Runnable> queue;
        volatile boolean running;

        /** Waits only while another thread starts (the guarded-wait idiom, as Quarkus's Application#start), then returns. */
        void startOnce() throws InterruptedException {
            lock.lock();
            try {
                while (starting) {
                    changed.await();
                }
                starting = true;
            } finally {
                lock.unlock();
            }
        }

        /** Starts, then waits for a shutdown that startup never brings (as Tomcat's Catalina#start). */
        void startAndAwait() throws InterruptedException {
            startOnce();
            latch.await();
        }

        /** A worker's loop: idle threads sit in take(). */
        void work() throws InterruptedException {
            while (running) {
                queue.take().run();
            }
        }

        /** One request: called per item, returns. */
        void handle(Runnable request) {
            request.run();
        }
    }

    private static ClassShape shape(String method) throws IOException {
        try (InputStream in = Shapes.class.getResourceAsStream("MethodBodyTest$Shapes.class")) {
            return ClassShape.read(in.readAllBytes(), method);
        }
    }

    @Test
    void aGuardedWaitHasANormalReturnPathAndAStraightAwaitHasNone() throws IOException {
        assertTrue(shape("startOnce").neverReturns().isEmpty(), shape("startOnce").neverReturns().toString());
        List<String> reasons = shape("startAndAwait").neverReturns();
        assertEquals(1, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("startAndAwait()V calls java.util.concurrent.CountDownLatch#await (line "), reasons.get(0));
    }

    @Test
    void aLoopThatTakesWorkIsOneAndAPerRequestMethodIsNot() throws IOException {
        List<String> work = shape("work").waitsForWork();
        assertEquals(1, work.size(), work.toString());
        assertTrue(work.get(0).startsWith("work()V loops waiting for work (it calls java.util.concurrent.BlockingQueue#take (line "),
                work.get(0));
        assertTrue(work.get(0).endsWith("then runs each task it took (Runnable#run): the per-request method is the task's run, "
                + "or the first method it calls"), work.get(0));
        assertTrue(shape("handle").waitsForWork().isEmpty());
        assertTrue(shape("startOnce").waitsForWork().isEmpty(), "a guarded wait is not a loop that waits for work? "
                + shape("startOnce").waitsForWork());
    }
}
