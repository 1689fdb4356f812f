package com.example.testapp;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/** Threads parked deep in a call chain, as a big thread-per-connection server's pool at rest. */
final class IdleThreads {
    static void start(int count, int depth) throws InterruptedException {
        if (count == 0) {
            return;
        }
        CountDownLatch parked = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(null, () -> descend(depth, parked), "idle-" + i, 256 * 1024);
            thread.setDaemon(true);
            thread.start();
        }
        parked.await();
        TestApp.event("idle-threads=" + count + " depth=" + depth);
    }

    private static void descend(int depth, CountDownLatch parked) {
        if (depth > 0) {
            descend(depth - 1, parked);
            return;
        }
        parked.countDown();
        while (true) {
            LockSupport.park();
        }
    }

    private IdleThreads() {
    }
}
