package com.example.testapp;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * A request handler, run in a new virtual thread per request as such servers do; {@link #handle} is the
 * progress point of {@code --fault=crowded-virtual-hang}: one request hangs for ever, then {@code --crowd}
 * short ones come and go (enough to reuse every counter stripe, so the stuck one's last-thread hint is
 * replaced), then none.
 */
public final class Requests {
    private static final int AT_ONCE = 16; // consecutive thread ids: no two share a counter stripe

    public static void handle(Runnable work) {
        work.run();
    }

    static void hangThenCrowd(int calls) {
        CountDownLatch inside = new CountDownLatch(1);
        Thread stuck = VirtualThreads.start("stuck-request", () -> handle(() -> {
            inside.countDown();
            while (true) {
                LockSupport.park(); // a reply that never comes
            }
        }));
        await(inside);
        TestApp.event("stuck-request id=" + stuck.getId());
        for (int done = 0; done < calls; done += AT_ONCE) {
            Thread[] batch = new Thread[Math.min(AT_ONCE, calls - done)];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = VirtualThreads.start("request-" + (done + i), () -> handle(() -> Faults.sink++));
            }
            for (Thread request : batch) {
                join(request);
            }
        }
        TestApp.event("crowd-done calls=" + calls);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Requests() {
    }
}
