package io.github.sdwatchdog.suggest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads candidate options out of a few thread dumps: where the main thread waits, and the per-request
 * methods. A per-request method is the first method above a pool's task dispatch ({@link TaskDispatch}) on a
 * thread that runs a task, or for a plain thread, what the body of its loop calls. A method that any thread
 * sits in while it waits for work is never one. Pure: tests feed it dumps.
 */
final class Suggestions {
    /** How sure a candidate is. */
    enum Confidence {
        HIGH("high"), MEDIUM("medium"), LOW("low");

        final String word;

        Confidence(String word) {
            this.word = word;
        }
    }

    /** A method seen as a unit of work, and where. */
    static final class Candidate {
        final String method; // class.method
        final Set<Integer> samples = new LinkedHashSet<>();
        final Set<String> threads = new LinkedHashSet<>();
        TaskDispatch pool; // the pool whose task it was; null above a plain thread's loop
        String loop; // for a plain thread, the body of its loop

        Candidate(String method) {
            this.method = method;
        }

        String option() {
            return "progress=" + DumpedThread.option(method);
        }

        /** High: a known pool's task seen again; medium: seen once, or recurring above a loop only guessed; else low. */
        Confidence confidence() {
            boolean recurs = samples.size() > 1 || threads.size() > 1;
            return pool != null ? (recurs ? Confidence.HIGH : Confidence.MEDIUM) : recurs ? Confidence.MEDIUM : Confidence.LOW;
        }

        /** Where it was seen, for people. */
        String where() {
            return pool != null ? "a task of " + pool.label() : "called by the loop of " + loop;
        }
    }

    private final int sampleCount;
    private final Map<String, Integer> mainPlaces = new LinkedHashMap<>();
    private final Map<String, Candidate> candidates = new LinkedHashMap<>();
    private final Set<String> idleMethods = new HashSet<>();
    private final Map<String, Set<String>> idleThreads = new LinkedHashMap<>(); // pool or loop -> thread names
    private int mainSeen;

    Suggestions(List<List<DumpedThread>> samples) {
        sampleCount = samples.size();
        for (int i = 0; i < samples.size(); i++) {
            for (DumpedThread thread : samples.get(i)) {
                if (thread.name.startsWith("sd-watchdog")) {
                    continue;
                }
                if (thread.name.equals("main")) {
                    mainSeen++;
                    mainPlaces.merge(MainThread.place(thread), 1, Integer::sum);
                }
                workOf(thread, i);
            }
        }
        candidates.keySet().removeAll(idleMethods);
    }

    private void workOf(DumpedThread thread, int sample) {
        List<String> frames = thread.frames;
        int i = frames.size() - 1;
        TaskDispatch pool = null;
        boolean started = false; // Thread.run or a pool below: a thread whose body we can read
        for (; i >= 0; i--) { // outermost first: skip the thread's start, the pool's dispatch and the JDK between
            String frame = frames.get(i);
            TaskDispatch dispatch = TaskDispatch.of(frame);
            if (dispatch != null) {
                pool = dispatch;
            } else if (frame.equals("java.lang.Thread.run") || frame.equals("java.lang.Thread.runWith")) {
                started = true;
            } else if (DumpedThread.isApplication(frame)) {
                break;
            }
        }
        boolean waiting = TaskDispatch.waitsForWork(frames);
        if (waiting) {
            for (String frame : frames) {
                if (DumpedThread.isApplication(frame)) {
                    idleMethods.add(frame);
                }
            }
        }
        if (pool == null && !started) {
            return; // main, or a thread the JVM runs: no body to read
        }
        int body = i;
        int work = pool != null ? named(frames, body) : named(frames, nextApplication(frames, body - 1));
        if (work < 0 || waiting) {
            String loop = pool != null ? pool.label() : body >= 0 ? frames.get(body) : null;
            if (loop != null) {
                idleThreads.computeIfAbsent(loop, k -> new LinkedHashSet<>()).add(thread.name);
            }
            return; // an idle pool thread, or a loop between units of work
        }
        Candidate candidate = candidates.computeIfAbsent(frames.get(work), Candidate::new);
        candidate.samples.add(sample);
        candidate.threads.add(thread.name);
        candidate.pool = pool;
        candidate.loop = pool == null ? frames.get(body) : null;
    }

    /** From an application frame, the first above it whose class has a name: a numbered class ($1) is skipped for what it calls. */
    private static int named(List<String> frames, int from) {
        int at = from;
        while (at >= 0 && DumpedThread.isAnonymous(frames.get(at))) {
            int next = nextApplication(frames, at - 1);
            if (next < 0 || TaskDispatch.of(frames.get(next)) != null) {
                break;
            }
            at = next;
        }
        return at;
    }

    private static int nextApplication(List<String> frames, int from) {
        for (int i = from; i >= 0; i--) {
            if (DumpedThread.isApplication(frames.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Every per-request candidate but those seen once above a loop only guessed at: most confident first, then
     * most often seen.
     */
    List<Candidate> work() {
        List<Candidate> found = new ArrayList<>();
        for (Candidate candidate : candidates.values()) {
            if (candidate.confidence() != Confidence.LOW || sampleCount == 1) {
                found.add(candidate);
            }
        }
        found.sort(Comparator.comparing((Candidate c) -> c.confidence()).thenComparing(c -> -c.samples.size())
                .thenComparing(c -> -c.threads.size()));
        return found;
    }

    /** Threads seen waiting for work, by the pool or loop they wait in. */
    Map<String, Set<String>> idleThreads() {
        return idleThreads;
    }

    /** Where the main thread was, most often first, with counts; empty if no thread is named main. */
    Map<String, Integer> mainPlaces() {
        return mainPlaces;
    }

    int mainSeen() {
        return mainSeen;
    }

    int sampleCount() {
        return sampleCount;
    }
}
