package com.example.testapp;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** A pool of workers that each run short jobs, as a request or batch executor does ({@code --pool=N}). */
final class JobPool {
    static void start(int threads) {
        AtomicInteger names = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "job-" + names.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        Thread feeder = new Thread(() -> {
            while (true) {
                for (int i = 0; i < threads; i++) {
                    pool.execute(new Job());
                }
                LockSupport.parkNanos(60_000_000L);
            }
        }, "job-feeder");
        feeder.setDaemon(true);
        feeder.start();
    }

    /** One unit of work: what a per-request progress point would name. */
    static final class Job implements Runnable {
        @Override
        public void run() {
            process();
        }

        void process() {
            LockSupport.parkNanos(50_000_000L); // waiting on a database, say
        }
    }

    private JobPool() {
    }
}
