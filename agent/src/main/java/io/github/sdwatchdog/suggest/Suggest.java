package io.github.sdwatchdog.suggest;

import io.github.sdwatchdog.config.ExitStatus;
import io.github.sdwatchdog.ports.ProcessListeners;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code suggest <pid> [--samples=5] [--interval-ms=1000]}: attaches to a running JVM, takes a few thread dumps
 * and prints candidate options with how often and how surely each was seen. {@code suggest <pid>
 * --ready-url=<url>}, started with the service, watches its startup until the URL answers 2xx and names the
 * ready method ({@link ReadyWatch}). Neither changes anything in the target.
 */
public final class Suggest {
    static final String USAGE = "suggest <pid> [--samples=5] [--interval-ms=1000]  or  suggest <pid> --ready-url=<url> "
            + "[--timeout=300] [--interval-ms=50]";

    public static int run(String[] args, PrintStream out, PrintStream err) {
        long pid;
        int samples = 5;
        long intervalMs = -1;
        String readyUrl = null;
        long timeoutSeconds = 300;
        try {
            pid = Long.parseLong(args[1]);
            for (int i = 2; i < args.length; i++) {
                String arg = args[i];
                if (arg.startsWith("--samples=")) {
                    samples = Integer.parseInt(arg.substring(10));
                } else if (arg.startsWith("--interval-ms=")) {
                    intervalMs = Long.parseLong(arg.substring(14));
                } else if (arg.startsWith("--ready-url=")) {
                    readyUrl = arg.substring(12);
                } else if (arg.startsWith("--timeout=")) {
                    timeoutSeconds = Long.parseLong(arg.substring(10));
                } else {
                    throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
            if (samples < 1 || samples > 100 || intervalMs != -1 && (intervalMs < 10 || intervalMs > 60_000)
                    || timeoutSeconds < 1 || timeoutSeconds > 3600) {
                throw new IllegalArgumentException("--samples=1..100, --interval-ms=10..60000, --timeout=1..3600 (seconds)");
            }
            if (readyUrl != null) {
                HttpPoll.check(readyUrl);
            }
        } catch (RuntimeException e) {
            err.println("suggest: expected " + USAGE + " (" + e.getMessage() + ")");
            return ExitStatus.USAGE;
        }
        if (readyUrl != null) {
            return ReadyWatch.run(pid, new HttpPoll(readyUrl), intervalMs == -1 ? 50 : intervalMs, timeoutSeconds, out, err);
        }
        return sample(pid, samples, intervalMs == -1 ? 1000 : intervalMs, out, err);
    }

    private static int sample(long pid, int samples, long intervalMs, PrintStream out, PrintStream err) {
        Sampler sampled;
        try {
            sampled = Sampler.sample(pid, samples, intervalMs);
        } catch (Exception e) {
            err.println("suggest: " + cannotAttach(pid, e));
            return ExitStatus.FAILED;
        }
        List<String> ports;
        try {
            ports = ProcessListeners.of(pid);
        } catch (IOException e) {
            ports = null;
        }
        out.print(SuggestReport.of(pid, sampled, ports));
        return 0;
    }

    /** Why a JVM could not be sampled: it is not there, or attach refused (another user, attach disabled). */
    static String cannotAttach(long pid, Exception e) {
        if (!Sampler.alive(pid)) {
            return "no process " + pid + " is running (it exited, or the pid is wrong)";
        }
        return "cannot sample the threads of " + pid + ": " + e + " (is it a JVM? The attach API needs the same user as the "
                + "target, and a JVM without -XX:+DisableAttachMechanism)";
    }

    private Suggest() {
    }
}
