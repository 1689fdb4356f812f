package io.github.sdwatchdog.startup;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JVM's sampler, and what one startup check costs (the target: at most 1 ms). */
class JmxStartupSamplerTest {
    @Test
    void samplesAParkedThreadAndCostsWellUnderAMillisecondPerCheck() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch inside = new CountDownLatch(1);
        Thread main = new Thread(() -> {
            inside.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fake-main");
        main.setDaemon(true);
        main.start();
        inside.await();
        JmxStartupSampler sampler = new JmxStartupSampler(main);
        StartupSample sample = null;
        for (long deadline = System.nanoTime() + 30_000_000_000L; System.nanoTime() < deadline; ) {
            sample = sampler.sample();
            if (sample.state == Thread.State.WAITING) {
                break;
            }
            Thread.onSpinWait();
        }
        assertEquals(Thread.State.WAITING, sample.state);
        assertEquals("fake-main", sample.threadName);
        assertTrue(sample.topFrames.length > 2 && sample.topFrames.length <= JmxStartupSampler.FRAMES);
        assertTrue(sample.loadedClasses > 0);

        StartupWatch watch = new StartupWatch("a.Server#start", Duration.ofMinutes(1), true, sampler, System.nanoTime());
        long[] nanos = new long[501];
        for (int i = 0; i < nanos.length; i++) {
            long t = System.nanoTime();
            watch.tick(t);
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        double median = nanos[nanos.length / 2] / 1e6;
        System.out.printf("startup check (sample + rules + status text): median %.3f ms, 90th percentile %.3f ms%n",
                median, nanos[nanos.length * 9 / 10] / 1e6);
        assertTrue(median < 20, "median " + median + " ms"); // the target is 1 ms; the bound leaves room for a busy machine
        never.countDown();
    }
}
