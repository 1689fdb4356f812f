package io.github.sdwatchdog.bench;

import io.github.sdwatchdog.bridge.WatchdogBridge;
import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.OptionsParser;
import io.github.sdwatchdog.config.WatchPoint;
import io.github.sdwatchdog.health.BridgeCounters;
import io.github.sdwatchdog.health.Health;
import io.github.sdwatchdog.health.HealthRules;
import io.github.sdwatchdog.health.JmxThreadInspector;
import io.github.sdwatchdog.health.ThreadInspector;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * The watchdog's cost per {@link HealthRules#check()} with N live threads parked D frames deep (the
 * shape of a big thread-per-connection server at rest), with the real counters of the bridge, the real
 * {@link JmxThreadInspector}, two progress points and deadlock-check on. A fake clock drives the monitor,
 * so each case runs the exact path it names, every time:
 * <ul>
 *   <li>steady: both points moving, with and without a deadlock search due;</li>
 *   <li>quiet, idle: a point quiet past its stall with no call in flight (the counters alone decide);</li>
 *   <li>quiet, stuck: a thread parked inside the quiet point: confirmed on the stacks of the threads of its
 *       stripe only, at every check while stuck;</li>
 * </ul>
 * plus {@code findDeadlockedThreads} and {@code dumpAllThreads(false, false)} alone, for scale.
 *
 *   java -cp bench/target/benchmarks.jar io.github.sdwatchdog.bench.TickCost [threads...] (default 10 1000 10000; -Ddepth=30)
 */
public final class TickCost {
    private static final Duration STALL = Duration.ofSeconds(30);
    private static final long STEP = STALL.toNanos() + 1_000_000_000L; // a check that finds a point quiet past its stall

    /** The points' methods; the bench calls the bridge itself, as woven code would. */
    public static final class Worker {
        public static void tick() {
        }

        public static void poll(CountDownLatch inside, CountDownLatch release) throws InterruptedException {
            WatchdogBridge.enter(1);
            try {
                inside.countDown();
                release.await();
            } finally {
                WatchdogBridge.exit(1);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("rounds", 200);
        int depth = Integer.getInteger("depth", 30);
        System.out.printf(Locale.ROOT, "%s %s; threads parked %d frames deep; medians (p90) of %d timed calls after %d warm-up calls, in ms%n",
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), depth, rounds, rounds / 2);
        System.out.println("| parked threads | live threads | case | inspector calls per check | median ms | p90 ms |");
        System.out.println("|---:|---:|---|---|---:|---:|");
        for (String arg : args.length == 0 ? new String[] {"10", "1000", "10000"} : args) {
            measure(Integer.parseInt(arg), depth, rounds);
        }
    }

    private static void measure(int parked, int depth, int rounds) throws Exception {
        List<Thread> threads = new ArrayList<>();
        CountDownLatch allParked = new CountDownLatch(parked);
        for (int i = 0; i < parked; i++) {
            Thread thread = new Thread(null, () -> descend(depth, allParked), "parked-" + i, 256 * 1024);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        allParked.await();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int live = mx.getThreadCount();
        String worker = Worker.class.getName();
        AgentConfig config = OptionsParser.parse("ready=" + worker + "#main,progress=" + worker + "#tick,progress="
                + worker + "#poll,stall=" + STALL.getSeconds() + "s,deadlock-check=10s");
        JmxThreadInspector jmx = new JmxThreadInspector();
        Counting inspector = new Counting(jmx);
        long[] clock = {0};
        // The check period equals the stall time: the STEP advances are never taken for a paused JVM.
        HealthRules monitor = new HealthRules(config, new BridgeCounters(), inspector, () -> clock[0], STALL);
        Runnable bothMove = () -> {
            call(0);
            call(1);
        };

        double[] steady = time(rounds, () -> {
            bothMove.run();
            clock[0] += 1_000_000_000L;
            return expect(monitor.check(), true);
        }, null);
        String steadyCalls = inspector.perCheck(rounds * 3 / 2);
        double[] steadyDeadlock = time(rounds, () -> {
            bothMove.run();
            clock[0] += 10_000_000_000L;
            return expect(monitor.check(), true);
        }, null);
        String steadyDeadlockCalls = inspector.perCheck(rounds * 3 / 2);
        // quiet, idle: an untimed check sees both points move; then point 1 stays still past its stall.
        double[] quietIdle = time(rounds, () -> {
            call(0);
            clock[0] += STEP;
            return expect(monitor.check(), true);
        }, () -> {
            bothMove.run();
            clock[0] += 1_000_000_000L;
            monitor.check();
        });
        String quietIdleCalls = inspector.perCheck(rounds * 3 / 2 * 2);

        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread stuck = new Thread(() -> {
            try {
                Worker.poll(inside, release);
            } catch (InterruptedException ignored) {
                // released
            }
        }, "stuck-in-poll");
        stuck.setDaemon(true);
        stuck.start();
        inside.await();
        while (stuck.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        call(0);
        clock[0] += 1_000_000_000L;
        monitor.check(); // sees the stuck call begin: point 1 moving
        inspector.perCheck(1);
        call(0);
        clock[0] += STEP;
        long start = System.nanoTime();
        expect(monitor.check(), false);
        double firstStuck = (System.nanoTime() - start) / 1e6;
        String firstStuckCalls = inspector.perCheck(1);
        double[] quietStuck = time(rounds, () -> {
            call(0);
            clock[0] += 1_000_000_000L;
            return expect(monitor.check(), false);
        }, null);
        String quietStuckCalls = inspector.perCheck(rounds * 3 / 2);
        release.countDown();
        stuck.join();

        double[] deadlocks = time(rounds, () -> jmx.deadlockedThreads().length, null);
        double[] dump = time(Math.min(rounds, 20), () -> mx.dumpAllThreads(false, false).length, null);

        row(parked, live, "check(), steady: points moving, no deadlock search due", steadyCalls, steady);
        row(parked, live, "check(), steady: points moving + deadlock search due", steadyDeadlockCalls, steadyDeadlock);
        row(parked, live, "check(), quiet, idle: counters say nothing in flight", quietIdleCalls
                + " (half the checks are the untimed moving ones)", quietIdle);
        System.out.printf(Locale.ROOT, "| %,d | %,d | check(), quiet, stuck: first check (stripe's stacks + report + deadlock search), one sample | %s | %.3f | |%n",
                parked, live, firstStuckCalls, firstStuck);
        row(parked, live, "check(), quiet, stuck: each later check (stripe's stacks + deadlock search)", quietStuckCalls, quietStuck);
        row(parked, live, "findDeadlockedThreads() + virtual threads alone", "", deadlocks);
        row(parked, live, "dumpAllThreads(false, false) alone (what the old agent read)", "", dump);

        for (Thread thread : threads) {
            thread.interrupt();
        }
    }

    private static void call(int point) {
        WatchdogBridge.enter(point);
        WatchdogBridge.exit(point);
    }

    static void descend(int depth, CountDownLatch parked) {
        if (depth > 0) {
            descend(depth - 1, parked);
            return;
        }
        parked.countDown();
        while (!Thread.currentThread().isInterrupted()) {
            LockSupport.park();
        }
    }

    private static int expect(Health health, boolean healthy) {
        if (health.isHealthy() != healthy) {
            throw new IllegalStateException("unexpected health: " + health.status());
        }
        return health.status().length();
    }

    private static void row(int parked, int live, String what, String calls, double[] millis) {
        System.out.printf(Locale.ROOT, "| %,d | %,d | %s | %s | %.3f | %.3f |%n", parked, live, what, calls, millis[0], millis[1]);
    }

    /** Median and 90th percentile, in ms, of {@code rounds} timed calls after rounds/2 warm-up calls. */
    static double[] time(int rounds, java.util.function.IntSupplier work, Runnable untimedBefore) {
        long sink = 0;
        double[] millis = new double[rounds];
        for (int i = -rounds / 2; i < rounds; i++) {
            if (untimedBefore != null) {
                untimedBefore.run();
            }
            long start = System.nanoTime();
            sink += work.getAsInt();
            long took = System.nanoTime() - start;
            if (i >= 0) {
                millis[i] = took / 1e6;
            }
        }
        if (sink == 42) {
            System.out.print(""); // keeps the results alive
        }
        Arrays.sort(millis);
        return new double[] {millis[rounds / 2], millis[(int) (rounds * 0.9)]};
    }

    /** The real inspector, counting its calls, so each case shows it ran the path it names. */
    private static final class Counting implements ThreadInspector {
        private final ThreadInspector real;
        private long stackReads;
        private long virtualSearches;
        private long deadlockSearches;
        private long reports;

        Counting(ThreadInspector real) {
            this.real = real;
        }

        /** Calls per check since the last call, then resets. */
        String perCheck(long checks) {
            String text = String.format(Locale.ROOT, "stripe stack reads %.2f, deadlock searches %.2f%s%s", (double) stackReads / checks,
                    (double) deadlockSearches / checks, reports == 0 ? "" : String.format(Locale.ROOT, ", reports %.2f", (double) reports / checks),
                    virtualSearches == 0 ? "" : String.format(Locale.ROOT, ", virtual searches %.2f", (double) virtualSearches / checks));
            stackReads = 0;
            virtualSearches = 0;
            deadlockSearches = 0;
            reports = 0;
            return text;
        }

        @Override
        public long[] threadsInside(WatchPoint point, int[] stripes, List<Thread> lastThreads) {
            stackReads++;
            return real.threadsInside(point, stripes, lastThreads);
        }

        @Override
        public long[] virtualThreadsInside(WatchPoint point, int[] stripes) {
            virtualSearches++;
            return real.virtualThreadsInside(point, stripes);
        }

        @Override
        public long[] deadlockedThreads() {
            deadlockSearches++;
            return real.deadlockedThreads();
        }

        @Override
        public String describeStall(WatchPoint point, Duration quiet, long[] threadIds) {
            reports++;
            return real.describeStall(point, quiet, threadIds);
        }

        @Override
        public String describeMissedHeartbeat(WatchPoint point, Duration quiet, List<Thread> lastThreads) {
            reports++;
            return real.describeMissedHeartbeat(point, quiet, lastThreads);
        }

        @Override
        public String describeDeadlock(long[] threadIds) {
            reports++;
            return real.describeDeadlock(threadIds);
        }
    }

    private TickCost() {
    }
}
