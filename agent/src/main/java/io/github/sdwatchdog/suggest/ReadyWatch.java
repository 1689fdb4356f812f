package io.github.sdwatchdog.suggest;

import io.github.sdwatchdog.config.ExitStatus;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code suggest <pid> --ready-url=<url>}, started with the service: dumps the threads often while it polls the
 * URL, each dump right before a poll, and when the URL first answers 2xx, dumps once more and names the
 * outermost method a startup thread returned from since the dump right before the last refusal: the method
 * whose return is the server beginning to serve. Then it watches one more second for what returned just after. Exit status: 0 a method is named, 4 none can be, 3 the URL did not answer 2xx in time, 1 the JVM
 * could not be watched, 2 bad arguments.
 */
final class ReadyWatch {
    static final int NAMED = ExitStatus.OK;
    static final int CANNOT_WATCH = ExitStatus.FAILED;
    static final int NEVER_ANSWERED = ExitStatus.WARNING;
    static final int NONE_NAMED = ExitStatus.NONE_NAMED;
    /** How long after the first answer it keeps looking for a method that returns then. */
    static final long SETTLE_NANOS = 1_000_000_000L;

    private final long pid;
    private final HttpPoll url;
    private final long intervalNanos;
    private final long started = System.nanoTime();
    final List<Double> dumpTimes = new ArrayList<>(); // seconds since start, by dump index
    StartupReturns returns = new StartupReturns();
    AttachedJvm jvm;
    long target = -1;
    long dumpNanos;
    int polls;
    String lastFailure;
    double lastFailureAt = -1;
    final List<String> events = new ArrayList<>();
    /** The calls that ended since the dump right before the last refusal, and that dump. */
    final List<StartupReturns.Returned> sinceRefusal = new ArrayList<>();
    int refusalDump;

    private ReadyWatch(long pid, HttpPoll url, long intervalMs) {
        this.pid = pid;
        this.url = url;
        this.intervalNanos = intervalMs * 1_000_000L;
    }

    static int run(long pid, HttpPoll url, long intervalMs, long timeoutSeconds, PrintStream out, PrintStream err) {
        ReadyWatch watch = new ReadyWatch(pid, url, intervalMs);
        try {
            return watch.watch(timeoutSeconds * 1_000_000_000L, out, err);
        } finally {
            watch.detach();
        }
    }

    private int watch(long timeoutNanos, PrintStream out, PrintStream err) {
        while (System.nanoTime() - started < timeoutNanos) {
            if (jvm == null && !attach(err)) {
                if (!Sampler.alive(pid)) {
                    err.println("suggest: process " + pid + " ended " + seconds() + " s in, before " + url.text + " answered 2xx");
                    return CANNOT_WATCH;
                }
                pause(20_000_000L);
                continue;
            }
            long before = System.nanoTime();
            if (!dump()) {
                continue;
            }
            long dumpTook = System.nanoTime() - before;
            HttpPoll.Answer answer = url.poll();
            polls++;
            if (answer.ok()) {
                return answered(answer, out);
            }
            // Not serving yet, or not within the poll's timeout: what returned before returned too early. Taking a
            // timeout for a refusal can only move the choice later, never before the service serves.
            lastFailure = answer.text;
            lastFailureAt = seconds();
            sinceRefusal.clear();
            refusalDump = returns.dumps() - 1;
            // A dump stops the target at a safepoint: keep its share of the time under a quarter.
            pause(Math.max(intervalNanos, 4 * dumpTook) - (System.nanoTime() - before));
        }
        if (target < 0) {
            err.println("suggest: process " + pid + " never became a JVM that can be watched within " + (timeoutNanos / 1_000_000_000L)
                    + " s (a launcher that does not start java, or a JVM started with -Xrs or -XX:+DisableAttachMechanism?)");
            return CANNOT_WATCH;
        }
        err.println("suggest: " + url.text + " did not answer 2xx within " + (timeoutNanos / 1_000_000_000L) + " s"
                + (lastFailure == null ? "" : " (last answer: " + lastFailure + " at " + fmt(lastFailureAt) + " s)"));
        return NEVER_ANSWERED;
    }

    /** Attaches to the pid, or a java process under it, once it can be; false if not yet. */
    private boolean attach(PrintStream err) {
        long candidate = JvmProcesses.attachable(pid);
        if (candidate < 0) {
            return false;
        }
        try {
            jvm = AttachedJvm.attach(candidate);
        } catch (Exception e) {
            return false; // its attach listener is not up yet
        }
        target = candidate;
        events.add(fmt(seconds()) + " s: watching JVM " + candidate + (candidate == pid ? "" : " (a java process under " + pid + ")"));
        return true;
    }

    /** One dump into the tracker; false if the JVM is gone (a launcher's helper JVM, say), and then watching starts over. */
    private boolean dump() {
        long before = System.nanoTime();
        String text;
        try {
            text = jvm.threadDump();
        } catch (Exception e) {
            events.add(fmt(seconds()) + " s: JVM " + target + " went away (" + e.getClass().getSimpleName() + "); waiting for the next");
            detach();
            returns = new StartupReturns();
            dumpTimes.clear();
            sinceRefusal.clear();
            refusalDump = 0;
            return false;
        }
        dumpNanos += System.nanoTime() - before;
        returns.add(DumpedThread.parse(text));
        sinceRefusal.addAll(returns.lastReturns());
        dumpTimes.add(seconds());
        return true;
    }

    private int answered(HttpPoll.Answer answer, PrintStream out) {
        double answeredAt = seconds();
        if (returns.dumps() < 2) {
            out.print(ReadyReport.alreadyServing(this, answer, answeredAt));
            return NONE_NAMED;
        }
        int beforeAnswer = returns.dumps() - 1;
        dump();
        List<StartupReturns.Returned> between = new ArrayList<>(sinceRefusal);
        List<StartupReturns.Returned> after = new ArrayList<>();
        long settleStart = System.nanoTime();
        while (jvm != null && System.nanoTime() - settleStart < SETTLE_NANOS) {
            pause(intervalNanos);
            if (dump()) {
                after.addAll(returns.lastReturns());
            }
        }
        ReadyReport report = new ReadyReport(this, answer, answeredAt, beforeAnswer, between, after);
        out.print(report.text());
        return report.named() ? NAMED : NONE_NAMED;
    }

    double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    long pid() {
        return pid;
    }

    String url() {
        return url.text;
    }

    static String fmt(double seconds) {
        return String.format("%.2f", seconds);
    }

    private void detach() {
        if (jvm != null) {
            try {
                jvm.close();
            } catch (Exception e) {
                // gone already
            }
            jvm = null;
        }
    }

    private static void pause(long nanos) {
        long until = System.nanoTime() + nanos;
        while (until - System.nanoTime() > 0) {
            LockSupport.parkNanos(until - System.nanoTime());
        }
    }
}
