package io.github.sdwatchdog.bench;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.OptionsParser;
import io.github.sdwatchdog.config.ProgressPoint;
import io.github.sdwatchdog.health.HealthMonitor;
import io.github.sdwatchdog.health.JmxThreadInspector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The watchdog's cost per check with N live threads: the steady tick (counters moving, a deadlock
 * check every tick: the worst case), and the two reads that happen once per quiet period or while
 * stuck: the stack scan for threads inside a point, and the deadlock search alone.
 *
 *   java -cp bench/target/benchmarks.jar io.github.sdwatchdog.bench.TickCost 10 1000
 */
public final class TickCost {
    public static void main(String[] args) throws Exception {
        for (String arg : args.length == 0 ? new String[] {"10", "1000"} : args) {
            measure(Integer.parseInt(arg));
        }
    }

    private static void measure(int threadCount) throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < threadCount; i++) {
            Thread thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    LockSupport.park();
                }
            }, "parked-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) { // measure a settled JVM, not one still starting threads
            while (thread.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
        }
        AgentConfig config = OptionsParser.parse("ready=a.App#start,progress=a.Loop#tick,progress=a.Other#poll,"
                + "stall=30s,deadlock-check=1s");
        JmxThreadInspector inspector = new JmxThreadInspector();
        long[] counter = {0};
        long[] clock = {0};
        // Each check is 1 s after the last, so every one runs the deadlock search: the worst steady case.
        HealthMonitor monitor = new HealthMonitor(config, index -> ++counter[0], inspector,
                () -> clock[0] += 1_000_000_000L, Duration.ofSeconds(1));
        ProgressPoint point = config.progressPoints().get(0);

        double tick = median(200, () -> monitor.check());
        double stackScan = median(50, () -> inspector.threadsInside(point));
        double deadlocks = median(200, inspector::deadlockedThreads);
        System.out.printf("%,6d live threads: steady check with deadlock search %.3f ms; "
                        + "stack scan for a quiet point %.3f ms; deadlock search alone %.3f ms%n",
                Thread.activeCount(), tick, stackScan, deadlocks);
        for (Thread thread : threads) {
            thread.interrupt();
            thread.join();
        }
    }

    private static double median(int runs, Runnable work) {
        for (int i = 0; i < runs / 2; i++) {
            work.run(); // warm-up
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis[runs / 2];
    }

    private TickCost() {
    }
}
