package io.github.sdwatchdog.suggest;

import io.github.sdwatchdog.config.ExitStatus;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code suggest <pid> [--samples=5] [--interval-ms=1000]}: attaches to a running JVM, takes a few thread
 * dumps spread over at most 9 s and at most 5% of the target's time (a dump of 1,000 deep threads stops it
 * for tens of milliseconds), and prints candidate options with how often each was seen. It changes nothing
 * in the target.
 */
public final class Suggest {
    static final int DEFAULT_SAMPLES = 5;
    static final long DEFAULT_INTERVAL_MS = 1000;
    /** Sampling ends by then (once two dumps are in), whatever --samples says: suggest answers within 10 s. */
    static final long WINDOW_NANOS = 9_000_000_000L;

    public static int run(String[] args, PrintStream out, PrintStream err) {
        long pid;
        int samples = DEFAULT_SAMPLES;
        long intervalMs = DEFAULT_INTERVAL_MS;
        try {
            pid = Long.parseLong(args[1]);
            for (int i = 2; i < args.length; i++) {
                if (args[i].startsWith("--samples=")) {
                    samples = Integer.parseInt(args[i].substring(10));
                } else if (args[i].startsWith("--interval-ms=")) {
                    intervalMs = Long.parseLong(args[i].substring(14));
                } else {
                    throw new IllegalArgumentException(args[i]);
                }
            }
            if (samples < 1 || samples > 100 || intervalMs < 10 || intervalMs > 60_000) {
                throw new IllegalArgumentException("--samples=1..100, --interval-ms=10..60000");
            }
        } catch (RuntimeException e) {
            err.println("suggest: expected suggest <pid> [--samples=5] [--interval-ms=1000] (" + e.getMessage() + ")");
            return ExitStatus.USAGE;
        }
        List<List<DumpedThread>> dumps = new ArrayList<>();
        long started = System.nanoTime();
        long cpuBefore = cpuTicks(pid);
        long dumpNanos = 0;
        try (AttachedJvm jvm = AttachedJvm.attach(pid)) {
            long next = System.nanoTime();
            for (int i = 0; i < samples; i++) {
                while (next - System.nanoTime() > 0) {
                    LockSupport.parkNanos(next - System.nanoTime());
                }
                long t = System.nanoTime();
                String dump = jvm.threadDump();
                long took = System.nanoTime() - t;
                dumps.add(DumpedThread.parse(dump));
                dumpNanos += took;
                // A dump stops the target at a safepoint for about as long as it takes: wait 19 times that, so
                // sampling costs the target at most 5% of a core, and end early rather than run past the window.
                next = Math.max(next + intervalMs * 1_000_000L, System.nanoTime() + 19 * took);
                if (dumps.size() >= 2 && next - started > WINDOW_NANOS) {
                    break;
                }
            }
        } catch (Exception e) {
            err.println("suggest: cannot sample the threads of " + pid + ": " + e
                    + " (the attach API needs the same user as the target, and a JVM without -XX:+DisableAttachMechanism)");
            return ExitStatus.FAILED;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long cpuAfter = cpuTicks(pid);
        List<String> ports;
        try {
            ports = ListeningPorts.of(pid);
        } catch (IOException e) {
            ports = null;
        }
        out.print(report(pid, new Suggestions(dumps), KnownServers.in(dumps), ports, seconds, dumpNanos / 1e6 / dumps.size(),
                cpuBefore < 0 || cpuAfter < 0 ? -1 : (cpuAfter - cpuBefore) / 100.0 / seconds * 100,
                dumps.get(dumps.size() - 1).size()));
        return 0;
    }

    static String report(long pid, Suggestions found, List<KnownServers.Match> known, List<String> ports, double seconds,
                         double dumpMs, double cpuPercent, int threads) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("sd-watchdog suggest: pid %d, %d thread dumps over %.1f s (%d threads in the last, "
                + "%.0f ms per dump)%s%n%n", pid, found.sampleCount(), seconds, threads, dumpMs,
                cpuPercent < 0 ? "" : String.format(", the target used %.1f%% of one CPU meanwhile", cpuPercent)));
        if (!known.isEmpty()) {
            text.append(knownServers(known, found.sampleCount())).append('\n');
        }
        text.append("Listening ports (for ready=listen:<port>):\n");
        if (ports == null) {
            text.append("  (cannot read /proc/").append(pid).append("/fd: another user's process?)\n");
        } else if (ports.isEmpty()) {
            text.append("  none\n");
        } else {
            for (String port : ports) {
                text.append("  ").append(port).append('\n');
            }
        }
        text.append("\nThe main thread (where startup runs; the ready method is one it returns from):\n");
        if (found.mainSeen() == 0) {
            text.append("  no thread named main: main() has returned, so the method it called last to start the service is a ready candidate\n");
        } else {
            for (Map.Entry<String, Integer> place : found.mainPlaces().entrySet()) {
                text.append(String.format("  %d/%d  %s%n", place.getValue(), found.sampleCount(), place.getKey()));
            }
            text.append("  a method above that waits here in every sample never returns: name one it returned from before, or the port\n");
        }
        text.append("\nPer-request or per-batch methods (just above a worker loop; seen in n of the dumps, on k threads):\n");
        List<Suggestions.Candidate> work = found.work();
        if (work.isEmpty()) {
            text.append("  none recurred; sample longer (--samples=10) while the service is under load\n");
        }
        for (Suggestions.Candidate candidate : work) {
            text.append(String.format("  %d/%d dumps, %d thread%s  %s   (called from %s on %s)%n", candidate.samples.size(),
                    found.sampleCount(), candidate.threads.size(), candidate.threads.size() == 1 ? "" : "s",
                    candidate.option(), candidate.loop, String.join(", ", first(candidate.threads, 4))));
        }
        text.append("\nCheck a choice before deploying it, for example:\n  java -jar sd-watchdog-agent.jar check '");
        if (known.isEmpty()) {
            text.append("ready=<class>#<method>").append(work.isEmpty() ? "" : "," + work.get(0).option());
        } else {
            text.append("preset=").append(known.get(0).preset.presetName());
        }
        return text.append("'\n").toString();
    }

    /** The presets whose classes are on the stacks, and which of their methods were running how often. */
    static String knownServers(List<KnownServers.Match> known, int sampleCount) {
        StringBuilder text = new StringBuilder("Known server (a preset's classes are on the stacks; the tested choice):\n");
        for (KnownServers.Match match : known) {
            text.append("  preset=").append(match.preset.presetName()).append("  expands to ").append(match.preset.expansion())
                    .append('\n');
            List<KnownServers.Method> seen = match.seen();
            for (KnownServers.Method method : seen) {
                text.append(String.format("    %d/%d dumps, %d thread%s  %s%n", method.samples.size(), sampleCount,
                        method.threads.size(), method.threads.size() == 1 ? "" : "s", method.option));
            }
            if (seen.isEmpty()) {
                text.append("    its classes are on the stacks (").append(String.join(", ", match.classesSeen))
                        .append("), none of its methods was running in these dumps\n");
            }
        }
        return text.toString();
    }

    private static List<String> first(Iterable<String> names, int max) {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            if (out.size() == max) {
                out.add("...");
                break;
            }
            out.add(name);
        }
        return out;
    }

    /** utime + stime of the process, in clock ticks (USER_HZ, 100 on Linux); -1 if unreadable. */
    static long cpuTicks(long pid) {
        try {
            String stat = new String(Files.readAllBytes(Paths.get("/proc", Long.toString(pid), "stat")));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15, counted after the name
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private Suggest() {
    }
}
