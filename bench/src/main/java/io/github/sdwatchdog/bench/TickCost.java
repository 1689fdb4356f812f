package io.github.sdwatchdog.bench;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.OptionsParser;
import io.github.sdwatchdog.config.ProgressPoint;
import io.github.sdwatchdog.health.Health;
import io.github.sdwatchdog.health.HealthMonitor;
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
 * The watchdog's cost per {@link HealthMonitor#check()} with N live parked threads, with the real
 * {@link JmxThreadInspector}, two progress points and deadlock-check on. A fake clock drives the monitor,
 * so each case runs the exact path it names, every time:
 * <ul>
 *   <li>steady, no deadlock search due: both points moving (the usual tick between deadlock searches);</li>
 *   <li>steady + deadlock search: both points moving and a deadlock search due (once per deadlock-check);</li>
 *   <li>quiet, idle: a point quiet past its stall time with no thread inside: one stack read of all threads
 *       plus a deadlock search (paid once per quiet period);</li>
 *   <li>quiet, stuck: a thread parked inside the quiet point: stack read + deadlock search at every check
 *       while it stays stuck (the first such check also builds the report; timed separately);</li>
 * </ul>
 * plus {@code findDeadlockedThreads} and {@code dumpAllThreads(false, false)} alone.
 *
 *   java -cp bench/target/benchmarks.jar io.github.sdwatchdog.bench.TickCost [threads...] (default 10 1000)
 */
public final class TickCost {
    private static final Duration STALL = Duration.ofSeconds(30);
    private static final long STEP = STALL.toNanos() + 1_000_000_000L; // a check that finds a point quiet past its stall

    /** The quiet point's method: one thread parks inside it for the "stuck" case. */
    public static final class Worker {
        static volatile boolean release;

        public static void poll(CountDownLatch inside) {
            inside.countDown();
            while (!release) {
                LockSupport.park();
            }
        }

        public static void tick() {
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("rounds", 1000);
        System.out.printf(Locale.ROOT, "%s %s; medians (p90) of %d timed calls after %d warm-up calls, in ms%n",
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), rounds, rounds / 2);
        System.out.println("| parked threads | live threads | case | inspector calls per check | median ms | p90 ms |");
        System.out.println("|---:|---:|---|---|---:|---:|");
        for (String arg : args.length == 0 ? new String[] {"10", "1000"} : args) {
            measure(Integer.parseInt(arg), rounds);
        }
    }

    private static void measure(int parked, int rounds) throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < parked; i++) {
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
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int live = mx.getThreadCount(); // every live thread, the JVM's own included: what a stack dump walks
        String worker = Worker.class.getName();
        AgentConfig config = OptionsParser.parse("ready=" + worker + "#main,progress=" + worker + "#tick,progress="
                + worker + "#poll,stall=" + STALL.getSeconds() + "s,deadlock-check=10s");
        JmxThreadInspector jmx = new JmxThreadInspector();
        Counting inspector = new Counting(jmx);
        long[] clock = {0};
        long[] counts = new long[2];
        boolean[] moving = {true, true};
        // The check period equals the stall time: the STEP advances are never taken for a paused JVM.
        HealthMonitor monitor = new HealthMonitor(config, index -> moving[index] ? ++counts[index] : counts[index],
                inspector, () -> clock[0], STALL);

        // steady: both points move; the clock steps 1 s, so a deadlock search (every 10 s) is not due.
        inspector.reset();
        double[] steady = time(rounds, () -> {
            clock[0] += 1_000_000_000L;
            return expectHealthy(monitor.check(), true);
        }, null);
        // steady + deadlock search due: the clock steps 10 s each check.
        String steadyCalls = inspector.perCheck(rounds * 3 / 2);
        double[] steadyDeadlock = time(rounds, () -> {
            clock[0] += 10_000_000_000L;
            return expectHealthy(monitor.check(), true);
        }, null);
        // quiet, idle: before each timed check, one untimed check sees both points move; then point 2
        // stays still while the clock passes its stall time: one stack read (nobody inside) + deadlock search.
        String steadyDeadlockCalls = inspector.perCheck(rounds * 3 / 2);
        double[] quietIdle = time(rounds, () -> {
            clock[0] += STEP;
            moving[1] = false;
            return expectHealthy(monitor.check(), true);
        }, () -> {
            moving[1] = true;
            clock[0] += 1_000_000_000L;
            monitor.check();
        });
        String quietIdleCalls = inspector.perCheck(rounds * 3 / 2 * 2); // each sample: 1 untimed + 1 timed check
        // quiet, stuck: a thread parks inside point 2's method; the point stays still.
        CountDownLatch inside = new CountDownLatch(1);
        Worker.release = false;
        Thread stuck = new Thread(() -> Worker.poll(inside), "stuck-in-poll");
        stuck.setDaemon(true);
        stuck.start();
        inside.await();
        while (stuck.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        moving[1] = true;
        clock[0] += 1_000_000_000L;
        monitor.check();
        moving[1] = false;
        clock[0] += STEP;
        inspector.reset();
        long start = System.nanoTime();
        Health first = monitor.check();
        double firstStuck = (System.nanoTime() - start) / 1e6;
        if (first.isHealthy() || first.newProblemReport() == null) {
            throw new IllegalStateException("the stuck point was not reported: " + first.status());
        }
        String firstStuckCalls = inspector.perCheck(1);
        double[] quietStuck = time(rounds, () -> {
            clock[0] += 1_000_000_000L;
            return expectHealthy(monitor.check(), false);
        }, null);
        String quietStuckCalls = inspector.perCheck(rounds * 3 / 2);
        Worker.release = true;
        LockSupport.unpark(stuck);
        stuck.join();

        double[] deadlocks = time(rounds, () -> jmx.deadlockedThreads().length, null);
        double[] dump = time(rounds, () -> mx.dumpAllThreads(false, false).length, null);

        row(parked, live, "check(), steady: points moving, no deadlock search due", steadyCalls, steady);
        row(parked, live, "check(), steady: points moving + deadlock search due", steadyDeadlockCalls, steadyDeadlock);
        row(parked, live, "check(), quiet, idle: stack read (nobody inside) + deadlock search, once per quiet period",
                quietIdleCalls + " (half the checks are the untimed moving ones)", quietIdle);
        System.out.printf(Locale.ROOT, "| %,d | %,d | check(), quiet, stuck: first check (stack read + report + deadlock search), one sample | %s | %.3f | |%n",
                parked, live, firstStuckCalls, firstStuck);
        row(parked, live, "check(), quiet, stuck: each later check while stuck (stack read + deadlock search)", quietStuckCalls, quietStuck);
        row(parked, live, "findDeadlockedThreads() alone", "", deadlocks);
        row(parked, live, "dumpAllThreads(false, false) alone", "", dump);

        for (Thread thread : threads) {
            thread.interrupt();
            thread.join();
        }
    }

    private static int expectHealthy(Health health, boolean healthy) {
        if (health.isHealthy() != healthy) {
            throw new IllegalStateException("unexpected health: " + health.status());
        }
        return health.status().length();
    }

    private static void row(int parked, int live, String what, String calls, double[] millis) {
        System.out.printf(Locale.ROOT, "| %,d | %,d | %s | %s | %.3f | %.3f |%n", parked, live, what, calls, millis[0], millis[1]);
    }

    /** Median and 90th percentile, in ms, of {@code rounds} timed calls after rounds/2 warm-up calls. */
    private static double[] time(int rounds, java.util.function.IntSupplier work, Runnable untimedBefore) {
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
        private long deadlockSearches;
        private long reports;

        Counting(ThreadInspector real) {
            this.real = real;
        }

        void reset() {
            stackReads = 0;
            deadlockSearches = 0;
            reports = 0;
        }

        /** Calls per check since the last call, then resets. */
        String perCheck(long checks) {
            String text = String.format(Locale.ROOT, "stack reads %.2f, deadlock searches %.2f%s", (double) stackReads / checks,
                    (double) deadlockSearches / checks, reports == 0 ? "" : String.format(Locale.ROOT, ", reports %.2f", (double) reports / checks));
            reset();
            return text;
        }

        @Override
        public long[] threadsInside(ProgressPoint point) {
            stackReads++;
            return real.threadsInside(point);
        }

        @Override
        public long[] deadlockedThreads() {
            deadlockSearches++;
            return real.deadlockedThreads();
        }

        @Override
        public String describeStall(ProgressPoint point, Duration quiet, long[] threadIds) {
            reports++;
            return real.describeStall(point, quiet, threadIds);
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
