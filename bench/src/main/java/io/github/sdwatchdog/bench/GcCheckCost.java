package io.github.sdwatchdog.bench;

import io.github.sdwatchdog.config.OptionsParser;
import io.github.sdwatchdog.health.BridgeCounters;
import io.github.sdwatchdog.health.HealthRules;
import io.github.sdwatchdog.health.JmxThreadInspector;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the gc-spiral rule adds to a check: {@link HealthRules#check()} with no point and no deadlock search, so
 * the GC rule is all it runs, on this JVM's real collector beans. Two cases: no old collection since the last check
 * (the pause beans read), and one since (the old collector's GcInfo read too, forced by System.gc() before the timed
 * check). Nothing else allocates, so no collection lands inside a timed check and counts as its cost.
 *
 *   java [-XX:+UseParallelGC] -cp bench/target/benchmarks.jar io.github.sdwatchdog.bench.GcCheckCost [rounds]
 */
public final class GcCheckCost {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        HealthRules rules = new HealthRules(OptionsParser.parse("ready=a.App#start,deadlock-check=off"),
                new BridgeCounters(), new JmxThreadInspector(), System::nanoTime, Duration.ofMillis(250));
        System.out.printf(Locale.ROOT, "%s %s, %s: %d checks after %d warm-up, in ms; wall time includes being "
                + "preempted on a shared machine, the checking thread's CPU time does not%n",
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), collectors(), rounds,
                rounds / 2);
        System.out.println("| case | wall median | wall p99 | CPU median | CPU p99 | CPU max |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        time("no old collection since the last check", rules, rounds, false);
        time("an old collection since the last check", rules, rounds, true);
    }

    private static void time(String name, HealthRules rules, int rounds, boolean fullGcFirst) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] wall = new long[rounds];
        long[] cpu = new long[rounds];
        for (int i = -rounds / 2; i < rounds; i++) {
            if (fullGcFirst) {
                System.gc();
            }
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            rules.check();
            long took = System.nanoTime() - start;
            long cpuTook = threads.getCurrentThreadCpuTime() - cpuStart;
            if (i >= 0) {
                wall[i] = took;
                cpu[i] = cpuTook;
            }
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f | %.3f |%n", name, ms(wall, 2), ms(wall, 100),
                ms(cpu, 2), ms(cpu, 100), cpu[cpu.length - 1] / 1e6);
    }

    /** The value at 1 - 1/fraction of the sorted values: 2 the median, 100 the 99th percentile. */
    private static double ms(long[] sorted, int fraction) {
        return sorted[sorted.length - sorted.length / fraction] / 1e6;
    }

    private static String collectors() {
        StringBuilder names = new StringBuilder();
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            names.append(names.length() == 0 ? "" : ", ").append(gc.getName());
        }
        return names.toString();
    }

    private GcCheckCost() {
    }
}
