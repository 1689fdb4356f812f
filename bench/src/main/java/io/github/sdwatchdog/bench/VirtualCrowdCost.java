package io.github.sdwatchdog.bench;

import io.github.sdwatchdog.bridge.WatchdogBridge;
import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.OptionsParser;
import io.github.sdwatchdog.config.WatchPoint;
import io.github.sdwatchdog.health.BridgeCounters;
import io.github.sdwatchdog.health.Health;
import io.github.sdwatchdog.health.HealthRules;
import io.github.sdwatchdog.health.JmxThreadInspector;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * What a check costs when a virtual thread is stuck inside a progress point and later calls on its stripe
 * replaced its last-thread hint, so that only the search among all virtual threads finds it (JDK 21+, with
 * {@code jdk.internal.vm} and {@code java.util.concurrent.locks} opened as the agent opens them): N virtual
 * threads parked D frames deep, real bridge counters, the real {@link JmxThreadInspector}. Also the
 * deadlock search alone with those N virtual threads, which lists them all too.
 *
 *   java --add-opens ... -cp bench/target/benchmarks.jar io.github.sdwatchdog.bench.VirtualCrowdCost [virtual threads...]
 */
public final class VirtualCrowdCost {
    private static final Duration STALL = Duration.ofSeconds(30);

    /** The point's method; the bench calls the bridge itself, as woven code would. */
    public static final class Handler {
        public static void handle(CountDownLatch inside) {
            WatchdogBridge.enter(0);
            try {
                inside.countDown();
                while (true) {
                    LockSupport.park(); // never released: the stuck call
                }
            } finally {
                WatchdogBridge.exit(0);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("rounds", 200);
        int depth = Integer.getInteger("depth", 30);
        String unavailable = new JmxThreadInspector().virtualThreadsUnavailable();
        if (unavailable != null) {
            System.out.println("skipped: " + unavailable);
            return;
        }
        ThreadFactory virtual = virtualThreadFactory();
        System.out.printf(Locale.ROOT, "%s %s; virtual threads parked %d frames deep; medians (p90) of %d timed calls after %d warm-up calls, in ms%n",
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), depth, rounds, rounds / 2);
        System.out.println("| parked virtual threads | case | median ms | p90 ms |");
        System.out.println("|---:|---|---:|---:|");
        CountDownLatch inside = new CountDownLatch(1);
        Thread stuck = virtual.newThread(() -> Handler.handle(inside));
        stuck.start();
        inside.await();
        replaceEveryHint(virtual);
        String handler = Handler.class.getName();
        AgentConfig config = OptionsParser.parse("ready=" + handler + "#main,progress=" + handler + "#handle,stall="
                + STALL.getSeconds() + "s,deadlock-check=off"); // the deadlock search alone is a row of its own
        int parked = 0;
        for (String arg : args.length == 0 ? new String[] {"1000", "10000", "100000"} : args) {
            int target = Integer.parseInt(arg);
            park(virtual, target - parked, depth);
            parked = target;
            measure(parked, config, WatchdogBridge.stripeOf(stuck.getId()), rounds);
        }
    }

    /** More than one call of the point on every stripe, each in a new virtual thread, as requests come. */
    private static void replaceEveryHint(ThreadFactory virtual) throws InterruptedException {
        for (int i = 0; i < 3 * WatchdogBridge.STRIPES; i++) {
            Thread request = virtual.newThread(() -> {
                WatchdogBridge.enter(0);
                WatchdogBridge.exit(0);
            });
            request.start();
            request.join();
        }
    }

    private static void park(ThreadFactory virtual, int count, int depth) throws InterruptedException {
        CountDownLatch parked = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            virtual.newThread(() -> TickCost.descend(depth, parked)).start();
        }
        parked.await();
    }

    private static void measure(int parked, AgentConfig config, int stuckStripe, int rounds) {
        JmxThreadInspector inspector = new JmxThreadInspector(); // remembers nothing found before
        long[] clock = {0};
        HealthRules monitor = new HealthRules(config, new BridgeCounters(), inspector, () -> clock[0], STALL);
        clock[0] += STALL.toNanos() + 1_000_000_000L;
        long start = System.nanoTime();
        expectStuck(monitor.check());
        double first = (System.nanoTime() - start) / 1e6;
        double[] later = TickCost.time(rounds, () -> {
            clock[0] += 1_000_000_000L;
            return expectStuck(monitor.check());
        }, null);
        WatchPoint point = config.watchPoints().get(0);
        int[] stripes = {stuckStripe};
        double[] search = TickCost.time(rounds, () -> inspector.virtualThreadsInside(point, stripes).length, null);
        double[] deadlocks = TickCost.time(rounds, () -> inspector.deadlockedThreads().length, null);
        System.out.printf(Locale.ROOT, "| %,d | check(), stuck, hint replaced: first check (search among all virtual threads + report), one sample | %.3f | |%n", parked, first);
        System.out.printf(Locale.ROOT, "| %,d | check(), stuck, hint replaced: each later check (the thread found is re-read alone) | %.3f | %.3f |%n", parked, later[0], later[1]);
        System.out.printf(Locale.ROOT, "| %,d | virtualThreadsInside() alone: list them all, read the stacks of one stripe's | %.3f | %.3f |%n", parked, search[0], search[1]);
        System.out.printf(Locale.ROOT, "| %,d | deadlockedThreads() alone (lists every virtual thread) | %.3f | %.3f |%n", parked, deadlocks[0], deadlocks[1]);
    }

    private static int expectStuck(Health health) {
        if (health.isHealthy()) {
            throw new IllegalStateException("the stuck virtual thread was not found: " + health.status());
        }
        return health.status().length();
    }

    private static ThreadFactory virtualThreadFactory() throws ReflectiveOperationException {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
    }

    private VirtualCrowdCost() {
    }
}
