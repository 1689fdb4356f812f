package io.github.sdwatchdog.suggest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A few thread dumps of a running JVM spread over at most 9 s and at most 5% of the target's time (a dump of
 * 1,000 deep threads stops it for tens of milliseconds). A JVM that exits meanwhile ends the sampling, and the
 * dumps taken before are kept.
 */
final class Sampler {
    /** Sampling ends by then (once two dumps are in), whatever --samples says: suggest answers within 10 s. */
    static final long WINDOW_NANOS = 9_000_000_000L;

    final List<List<DumpedThread>> dumps = new ArrayList<>();
    double seconds;
    double dumpMs;
    /** The target's CPU use while sampled, in % of one CPU; -1 if unknown. */
    double cpuPercent = -1;
    /** Why sampling stopped before --samples dumps, or null. */
    String endedEarly;

    /** Attach failures throw, with the likely cause; a JVM that exits after the first dump does not. */
    static Sampler sample(long pid, int samples, long intervalMs) throws Exception {
        Sampler result = new Sampler();
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
                String dump;
                try {
                    dump = jvm.threadDump();
                } catch (Exception e) {
                    if (alive(pid)) {
                        throw e;
                    }
                    result.endedEarly = String.format("the JVM exited %.1f s into the sampling, after %d of %d dumps",
                            (System.nanoTime() - started) / 1e9, result.dumps.size(), samples);
                    break;
                }
                long took = System.nanoTime() - t;
                result.dumps.add(DumpedThread.parse(dump));
                dumpNanos += took;
                // A dump stops the target at a safepoint for about as long as it takes: wait 19 times that, so
                // sampling costs the target at most 5% of a core, and end early rather than run past the window.
                next = Math.max(next + intervalMs * 1_000_000L, System.nanoTime() + 19 * took);
                if (result.dumps.size() >= 2 && next - started > WINDOW_NANOS) {
                    break;
                }
            }
        } catch (Exception e) {
            if (result.dumps.isEmpty()) {
                throw e;
            }
            result.endedEarly = "the JVM went away during the sampling (" + e + "), after " + result.dumps.size() + " dumps";
        }
        result.seconds = (System.nanoTime() - started) / 1e9;
        result.dumpMs = result.dumps.isEmpty() ? 0 : dumpNanos / 1e6 / result.dumps.size();
        long cpuAfter = cpuTicks(pid);
        if (cpuBefore >= 0 && cpuAfter >= 0) {
            result.cpuPercent = (cpuAfter - cpuBefore) / 100.0 / result.seconds * 100;
        }
        return result;
    }

    /** True while the process exists and is not a zombie (an exited JVM whose parent has not reaped it yet). */
    static boolean alive(long pid) {
        try {
            String stat = new String(Files.readAllBytes(Paths.get("/proc", Long.toString(pid), "stat")));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
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

    private Sampler() {
    }
}
