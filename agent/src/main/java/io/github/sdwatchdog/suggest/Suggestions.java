package io.github.sdwatchdog.suggest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads candidate options out of a few thread dumps: where the main thread waits, and the methods just
 * above a worker loop (a pool's {@code runWorker}, or the body of a plain thread's loop) that recur, with
 * how often each was seen. Pure: tests feed it dumps.
 */
final class Suggestions {
    /** Frames that run a pool's tasks one after another: the task's method sits just above them. */
    private static final String[] POOL_LOOPS = {
            "java.util.concurrent.ThreadPoolExecutor.runWorker",
            "java.util.concurrent.ForkJoinPool.runWorker",
            "java.util.concurrent.ForkJoinPool.scan",
            "java.util.concurrent.ForkJoinWorkerThread.run"};

    /** A method seen above a worker loop, and where. */
    static final class Candidate {
        final String method; // class.method
        final Set<Integer> samples = new LinkedHashSet<>();
        final Set<String> threads = new LinkedHashSet<>();
        String loop; // the frame it was called from

        Candidate(String method) {
            this.method = method;
        }

        String option() {
            return "progress=" + DumpedThread.className(method) + "#" + DumpedThread.methodName(method);
        }
    }

    private final int sampleCount;
    private final Map<String, Integer> mainPlaces = new LinkedHashMap<>();
    private final Map<String, Candidate> candidates = new LinkedHashMap<>();
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
                    mainPlaces.merge(mainPlace(thread), 1, Integer::sum);
                }
                workAbove(thread, i);
            }
        }
    }

    /** The main thread's innermost application frames and the JDK call it waits in. */
    static String mainPlace(DumpedThread thread) {
        List<String> app = new ArrayList<>();
        String waitsIn = null;
        for (String frame : thread.frames) {
            if (DumpedThread.isApplication(frame)) {
                app.add(frame);
            } else if (app.isEmpty() && DumpedThread.isPlatform(frame) && !frame.startsWith("jdk.internal.")
                    && !frame.startsWith("sun.nio.ch.Net.")) {
                waitsIn = shortName(frame); // keeps the outermost JDK frame below the first application frame
            }
            if (app.size() == 3) {
                break;
            }
        }
        if (app.isEmpty()) {
            return "in the JDK only (" + (thread.frames.isEmpty() ? "no frames" : shortName(thread.frames.get(0))) + ")";
        }
        return String.join(" <- ", app) + (waitsIn == null ? ", running" : ", " + stateWord(thread.state) + " in " + waitsIn);
    }

    private static String stateWord(String state) {
        return state.isEmpty() ? "in" : state.split(" ")[0];
    }

    private static String shortName(String frame) {
        String cls = DumpedThread.className(frame);
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + DumpedThread.methodName(frame);
    }

    private void workAbove(DumpedThread thread, int sample) {
        List<String> frames = thread.frames;
        int anchor = -1;
        boolean pool = false;
        for (int i = frames.size() - 1; i >= 0; i--) { // outermost first: a pool's loop wins over Thread.run below it
            String frame = frames.get(i);
            if (isPoolLoop(frame)) {
                anchor = i;
                pool = true;
                break;
            }
            if (anchor < 0 && (frame.equals("java.lang.Thread.run") || frame.equals("java.lang.Thread.runWith"))) {
                anchor = i;
            }
        }
        int body = anchor < 0 ? -1 : nextApplication(frames, anchor - 1);
        if (body < 0) {
            return; // an idle pool thread, or a JDK thread
        }
        if (pool) {
            record(frames.get(body), shortName(frames.get(anchor)), thread.name, sample);
        } else {
            int callee = nextApplication(frames, body - 1);
            if (callee >= 0) { // the thread's body is the loop; what it calls is one unit of work
                record(frames.get(callee), frames.get(body), thread.name, sample);
            }
        }
    }

    private static boolean isPoolLoop(String frame) {
        for (String loop : POOL_LOOPS) {
            if (frame.equals(loop)) {
                return true;
            }
        }
        return false;
    }

    private static int nextApplication(List<String> frames, int from) {
        for (int i = from; i >= 0; i--) {
            if (DumpedThread.isApplication(frames.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private void record(String method, String loop, String thread, int sample) {
        Candidate candidate = candidates.computeIfAbsent(method, Candidate::new);
        candidate.samples.add(sample);
        candidate.threads.add(thread);
        candidate.loop = loop;
    }

    /** Candidates seen in more than one sample, or on more than one thread, most often seen first. */
    List<Candidate> work() {
        List<Candidate> recurring = new ArrayList<>();
        for (Candidate candidate : candidates.values()) {
            if (candidate.samples.size() > 1 || candidate.threads.size() > 1 || sampleCount == 1) {
                recurring.add(candidate);
            }
        }
        recurring.sort((a, b) -> a.samples.size() != b.samples.size() ? b.samples.size() - a.samples.size()
                : b.threads.size() - a.threads.size());
        return recurring;
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
