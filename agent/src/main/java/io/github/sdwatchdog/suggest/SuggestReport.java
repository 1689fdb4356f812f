package io.github.sdwatchdog.suggest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The text {@code suggest <pid>} prints: what the dumps showed, most useful first, and a {@code check} line to try. */
final class SuggestReport {
    static String of(long pid, Sampler sampled, List<String> ports) {
        List<List<DumpedThread>> dumps = sampled.dumps;
        Suggestions found = new Suggestions(dumps);
        List<KnownServers.Match> known = KnownServers.in(dumps);
        StringBuilder text = new StringBuilder();
        text.append(String.format("sd-watchdog suggest: pid %d, %d thread dumps over %.1f s (%d threads in the last, "
                + "%.0f ms per dump)%s%n", pid, found.sampleCount(), sampled.seconds, dumps.get(dumps.size() - 1).size(),
                sampled.dumpMs, sampled.cpuPercent < 0 ? ""
                        : String.format(", the target used %.1f%% of one CPU meanwhile", sampled.cpuPercent)));
        if (sampled.endedEarly != null) {
            text.append("Sampling ended early: ").append(sampled.endedEarly).append("; what those dumps showed follows\n");
        }
        text.append('\n');
        if (!known.isEmpty()) {
            text.append(knownServers(known, found.sampleCount())).append('\n');
        }
        for (String note : KnownServers.embeddingNotes(dumps)) {
            text.append("Note: ").append(note).append("\n\n");
        }
        text.append(ports(pid, ports)).append('\n').append(mainThread(found)).append('\n').append(perRequest(found));
        List<Suggestions.Candidate> work = found.work();
        text.append("\nCheck a choice before deploying it, for example:\n  java -jar sd-watchdog-agent.jar check '");
        if (known.isEmpty()) {
            text.append("ready=<class>#<method>").append(work.isEmpty() ? "" : "," + work.get(0).option());
        } else {
            text.append("preset=").append(known.get(0).preset.presetName());
        }
        return text.append("'\n").toString();
    }

    private static String ports(long pid, List<String> ports) {
        StringBuilder text = new StringBuilder("Listening ports (for ready=listen:<port>):\n");
        if (ports == null) {
            text.append("  (cannot read /proc/").append(pid).append("/fd: another user's process, or it has exited)\n");
        } else if (ports.isEmpty()) {
            text.append("  none\n");
        } else {
            for (String port : ports) {
                text.append("  ").append(port).append('\n');
            }
        }
        return text.toString();
    }

    private static String mainThread(Suggestions found) {
        StringBuilder text = new StringBuilder("The main thread (where startup runs; the ready method is one it returns from):\n");
        if (found.mainSeen() == 0) {
            text.append("  no thread named main: main() has returned; to find the method whose return means the service "
                    + "serves, run suggest <pid> --ready-url=<a URL it answers 2xx once ready> as the service starts\n");
        } else {
            for (Map.Entry<String, Integer> place : found.mainPlaces().entrySet()) {
                text.append(String.format("  %d/%d  %s%n", place.getValue(), found.sampleCount(), place.getKey()));
            }
            text.append("  a method above that waits here in every sample never returns; to find one that returns once the "
                    + "service serves, run suggest <pid> --ready-url=<url> as the service starts\n");
        }
        return text.toString();
    }

    static String perRequest(Suggestions found) {
        StringBuilder text = new StringBuilder("Per-request methods (the first method above a pool's task dispatch on threads "
                + "running a task; never one that idle threads wait in):\n");
        List<Suggestions.Candidate> work = found.work();
        for (Suggestions.Candidate candidate : work) {
            text.append(String.format("  %-6s  %d/%d dumps, %d thread%s  %s   (%s on %s)%n", candidate.confidence().word,
                    candidate.samples.size(), found.sampleCount(), candidate.threads.size(),
                    candidate.threads.size() == 1 ? "" : "s", candidate.option(), candidate.where(),
                    String.join(", ", first(candidate.threads, 4))));
        }
        int idle = 0;
        StringBuilder pools = new StringBuilder();
        for (Map.Entry<String, Set<String>> loop : found.idleThreads().entrySet()) {
            idle += loop.getValue().size();
            pools.append(pools.length() == 0 ? "" : "; ").append(loop.getKey()).append(": ").append(loop.getValue().size())
                    .append(loop.getValue().size() == 1 ? " thread" : " threads");
        }
        if (work.isEmpty() && idle > 0) {
            text.append("  none: no thread ran a request while sampled, ").append(idle).append(" waited for work (")
                    .append(pools).append(").\n  Send requests to the service while it is sampled (or hold one open), "
                    + "then run suggest again with --samples=10\n");
        } else if (work.isEmpty()) {
            text.append("  none recurred; sample longer (--samples=10) while the service is under load\n");
        } else {
            text.append("  high: a known pool's task seen in 2+ dumps or on 2+ threads; medium: seen once, or above a thread "
                    + "loop that is not a known pool; low: seen once there\n");
        }
        return text.toString();
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

    static List<String> first(Iterable<String> names, int max) {
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

    private SuggestReport() {
    }
}
