package io.github.sdwatchdog.suggest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code suggest --ready-url} found, as text a person reads and a script greps: the line
 * {@code ready method: ready=a.B#m} or {@code ready method: none}. A method is offered only if it is the
 * service's own code, not a pool's dispatch, was running before the URL first answered, and was seen as one
 * call only (READY is sent at the ready method's first return); the one that had run longest comes first.
 */
final class ReadyReport {
    private final ReadyWatch watch;
    private final HttpPoll.Answer answer;
    private final double answeredAt;
    private final int beforeAnswer;
    private final List<StartupReturns.Returned> between;
    private final List<StartupReturns.Returned> after;
    private final Set<String> refused = new LinkedHashSet<>();
    private final boolean preferAfter;

    ReadyReport(ReadyWatch watch, HttpPoll.Answer answer, double answeredAt, int beforeAnswer,
                List<StartupReturns.Returned> returnedBetween, List<StartupReturns.Returned> returnedAfter) {
        this.watch = watch;
        this.answer = answer;
        this.answeredAt = answeredAt;
        this.beforeAnswer = beforeAnswer;
        this.between = eligible(returnedBetween, watch.refusalDump);
        this.after = eligible(returnedAfter, beforeAnswer);
        // A call around the first choice that ended a moment later is the surer one: the inner may be one of a series.
        preferAfter = !between.isEmpty() && enclosing(between.get(0)) != null;
    }

    boolean named() {
        return !between.isEmpty() || !after.isEmpty();
    }

    /**
     * A call that ended within the second after the first answer, on the same thread, around the given one: it was
     * running before the given one began. Calls from the same line one after another look like one call in
     * dumps, so the inner one may have ended before (an application's deploy, once per application); the call
     * around them ends after all of them, and after the service serves.
     */
    private StartupReturns.Returned enclosing(StartupReturns.Returned inner) {
        for (StartupReturns.Returned outer : after) {
            if (outer.thread.equals(inner.thread) && outer.depth < inner.depth && outer.since <= inner.since) {
                return outer;
            }
        }
        return null;
    }

    /** The calls worth offering: the service's own, running at dump SINCE_LIMIT, seen as one call; the longest-running first. */
    private List<StartupReturns.Returned> eligible(List<StartupReturns.Returned> returned, int sinceLimit) {
        List<StartupReturns.Returned> offered = new ArrayList<>();
        Set<String> methods = new LinkedHashSet<>();
        for (StartupReturns.Returned call : returned) {
            if (!DumpedThread.isApplication(call.method) || TaskDispatch.of(call.method) != null || call.since > sinceLimit
                    || call.thread.startsWith("sd-watchdog") || call.thread.equals("Attach Listener")) {
                continue;
            }
            if (watch.returns.calledMoreThanOnce(call.method)) {
                refused.add(DumpedThread.option(call.method));
            } else if (methods.add(call.method)) {
                offered.add(call);
            }
        }
        offered.sort(Comparator.comparingInt((StartupReturns.Returned call) -> call.since).thenComparingInt(call -> call.depth));
        return offered;
    }

    String text() {
        StringBuilder text = header(watch, answeredAt, answer);
        String from = "the dump at " + ReadyWatch.fmt(watch.dumpTimes.get(watch.refusalDump)) + " s" + (watch.lastFailure == null
                ? " (the first)" : " (right before the last refusal)");
        String to = "the dump at " + ReadyWatch.fmt(watch.dumpTimes.get(Math.min(beforeAnswer + 1, watch.dumpTimes.size() - 1)))
                + " s (right after the first answer)";
        if (!between.isEmpty() && !preferAfter) {
            StartupReturns.Returned best = between.get(0);
            text.append(String.format("ready method: ready=%s%n  on thread %s, running from %s s (or before); it returned between "
                    + "%s and %s: the outermost call of the service's own code that ended as the service began to serve, "
                    + "and the only call of it seen%n", DumpedThread.option(best.method), thread(best),
                    ReadyWatch.fmt(watch.dumpTimes.get(best.since)), from, to));
            others(text, "Also returned then (outermost first; an inner one returns earlier)", between.subList(1, between.size()));
            others(text, "Returned within 1 s after the first answer (later, never before it serves)", after);
        } else if (!after.isEmpty()) {
            StartupReturns.Returned best = after.get(0);
            text.append(String.format("ready method: ready=%s%n  on thread %s, running from %s s (or before) until after %s: "
                    + "it returned less than 1 s after the service began to serve, never before%n", DumpedThread.option(best.method),
                    thread(best), ReadyWatch.fmt(watch.dumpTimes.get(best.since)), to));
            others(text, "Also returned within that second", after.subList(1, after.size()));
            others(text, "Returned between " + from + " and " + to + ", inside it (calls from one line one after another look "
                    + "like one call in dumps, so such a call may have returned before)", between);
        } else {
            text.append(String.format("ready method: none%n  no call of the service's own code that was running before it "
                    + "served ended between %s and %s, or in the second after: the service began to serve without a "
                    + "startup method returning (its threads only moved on to wait for work). Use the port "
                    + "(ready=listen:<port>) if it opens late enough, or the URL itself%n", from, to));
        }
        if (!refused.isEmpty()) {
            text.append("Not offered, though they returned then: called more than once (READY would come at the first "
                    + "return): ").append(String.join(", ", SuggestReport.first(refused, 6))).append('\n');
        }
        if (named()) {
            String option = "ready=" + DumpedThread.option((between.isEmpty() || preferAfter ? after : between).get(0).method);
            text.append("\nCheck it against the service's jars, then start the service with it:\n"
                    + "  java -jar sd-watchdog-agent.jar check '").append(option).append("' --classpath '<the service's jars>'\n");
        }
        return text.toString();
    }

    private static void others(StringBuilder text, String title, List<StartupReturns.Returned> calls) {
        if (calls.isEmpty()) {
            return;
        }
        text.append(title).append(":\n");
        for (StartupReturns.Returned call : calls.subList(0, Math.min(calls.size(), 8))) {
            text.append("  ready=").append(DumpedThread.option(call.method)).append("   (on ").append(thread(call)).append(")\n");
        }
    }

    /** The thread's name, and whether it then ended (main() returned, say). */
    private static String thread(StartupReturns.Returned call) {
        return call.thread + (call.threadEnded ? ", which then ended" : "");
    }

    private static StringBuilder header(ReadyWatch watch, double answeredAt, HttpPoll.Answer answer) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("sd-watchdog suggest --ready-url: pid %d%s, %s first answered %s at %s s%s; %d thread "
                + "dumps, %.0f ms each on average, %d polls%n", watch.pid(), watch.target == watch.pid() ? ""
                : " (JVM " + watch.target + ")", watch.url(), answer.text, ReadyWatch.fmt(answeredAt),
                watch.lastFailure == null ? "" : " (last refusal: " + watch.lastFailure + " at "
                        + ReadyWatch.fmt(watch.lastFailureAt) + " s)", watch.returns.dumps(),
                watch.returns.dumps() == 0 ? 0 : watch.dumpNanos / 1e6 / watch.returns.dumps(), watch.polls));
        for (String event : watch.events) {
            text.append("  ").append(event).append('\n');
        }
        return text.append('\n');
    }

    /** The URL answered before two dumps were in: the start was missed. */
    static String alreadyServing(ReadyWatch watch, HttpPoll.Answer answer, double answeredAt) {
        return header(watch, answeredAt, answer).append("ready method: none\n  the service already served at the first look: "
                + "start suggest --ready-url right after launching the service, before it serves\n").toString();
    }
}
