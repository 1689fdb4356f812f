package io.github.sdwatchdog.suggest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows every thread's stack across the dumps of a starting service, and tells which methods each thread
 * returned from between one dump and the next: where its stacks before and after part ways. A frame stays the
 * same call while it and every frame below it keep their call sites; each call is remembered from the dump it
 * was first seen in. A method seen as two calls (nested, on two threads, or once after another) is called more
 * than once, and READY is sent at the first return of the ready method, so such a method is never offered.
 * Pure: tests feed it dumps.
 */
final class StartupReturns {
    /** A call that ended between two dumps. */
    static final class Returned {
        final String method; // class.method
        final String thread;
        final int depth; // 0: the thread's outermost frame
        final int since; // the dump it was first seen in
        final boolean threadEnded;

        Returned(String method, String thread, int depth, int since, boolean threadEnded) {
            this.method = method;
            this.thread = thread;
            this.depth = depth;
            this.since = since;
            this.threadEnded = threadEnded;
        }
    }

    /** One thread's last stack, outermost first, and the dump each of its calls was first seen in. */
    private static final class Track {
        final String name;
        final List<String> sites;
        final List<String> frames;
        final int[] since;

        Track(String name, List<String> sites, List<String> frames, int[] since) {
            this.name = name;
            this.sites = sites;
            this.frames = frames;
            this.since = since;
        }
    }

    private Map<String, Track> tracks = new HashMap<>();
    private final Map<String, String> firstCall = new HashMap<>(); // method -> its first call's key
    private final Set<String> calledAgain = new HashSet<>();
    private List<Returned> lastReturns = List.of();
    private int dumps;

    /** Takes the next dump; {@link #lastReturns()} then tells what returned since the one before. */
    void add(List<DumpedThread> dump) {
        int index = dumps++;
        Map<String, Track> next = new HashMap<>();
        List<Returned> returns = new ArrayList<>();
        for (DumpedThread thread : dump) {
            List<String> sites = reversed(thread.sites);
            List<String> frames = reversed(thread.frames);
            Track before = tracks.get(thread.id);
            int same = before == null ? 0 : sameCalls(before, sites, frames);
            int[] since = new int[sites.size()];
            for (int depth = 0; depth < since.length; depth++) {
                since[depth] = depth < same ? before.since[depth] : index;
                if (depth >= same) {
                    call(frames.get(depth), thread.id + "/" + depth + "/" + index);
                }
            }
            if (before != null) {
                for (int depth = same; depth < before.frames.size(); depth++) {
                    returns.add(new Returned(before.frames.get(depth), thread.name, depth, before.since[depth], false));
                }
            }
            next.put(thread.id, new Track(thread.name, sites, frames, since));
        }
        for (Map.Entry<String, Track> gone : tracks.entrySet()) {
            if (!next.containsKey(gone.getKey())) {
                Track track = gone.getValue();
                for (int depth = 0; depth < track.frames.size(); depth++) {
                    returns.add(new Returned(track.frames.get(depth), track.name, depth, track.since[depth], true));
                }
            }
        }
        tracks = next;
        lastReturns = returns;
    }

    /** How many frames, from the outermost, are the same calls: equal call sites, and then the same method moved on. */
    private static int sameCalls(Track before, List<String> sites, List<String> frames) {
        int n = Math.min(before.sites.size(), sites.size());
        int same = 0;
        while (same < n && before.sites.get(same).equals(sites.get(same))) {
            same++;
        }
        if (same < n && before.frames.get(same).equals(frames.get(same))) {
            same++; // the same method at another line: the same call, gone on to other work
        }
        return same;
    }

    private void call(String method, String key) {
        String first = firstCall.putIfAbsent(method, key);
        if (first != null && !first.equals(key)) {
            calledAgain.add(method);
        }
    }

    /** The calls that ended between the last two dumps, outermost first on each thread. */
    List<Returned> lastReturns() {
        return lastReturns;
    }

    /** True once a method was seen as two calls. */
    boolean calledMoreThanOnce(String method) {
        return calledAgain.contains(method);
    }

    int dumps() {
        return dumps;
    }

    private static List<String> reversed(List<String> innermostFirst) {
        List<String> list = new ArrayList<>(innermostFirst);
        Collections.reverse(list);
        return list;
    }
}
