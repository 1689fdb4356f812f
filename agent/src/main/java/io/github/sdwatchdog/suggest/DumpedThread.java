package io.github.sdwatchdog.suggest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One thread of a {@code Thread.print} dump: its name, id, state and frames as {@code class.method}, innermost
 * first, with each frame's call site ({@code class.method(File.java:12)}) beside it.
 */
final class DumpedThread {
    final String name;
    final String id; // "#12", unique in the JVM's life; the name when the dump shows none
    final String state;
    final List<String> frames;
    final List<String> sites;

    DumpedThread(String name, String id, String state, List<String> frames, List<String> sites) {
        this.name = name;
        this.id = id;
        this.state = state;
        this.frames = frames;
        this.sites = sites;
    }

    /** Parses the text of {@code jcmd <pid> Thread.print} (the attach API's {@code remoteDataDump}). */
    static List<DumpedThread> parse(String dump) {
        List<DumpedThread> threads = new ArrayList<>();
        String header = null;
        String state = "";
        List<String> frames = new ArrayList<>();
        List<String> sites = new ArrayList<>();
        for (String line : dump.split("\n")) {
            if (line.startsWith("\"")) {
                if (header != null) {
                    threads.add(of(header, state, frames, sites));
                }
                header = line;
                state = "";
                frames = new ArrayList<>();
                sites = new ArrayList<>();
            } else if (header != null && line.trim().startsWith("java.lang.Thread.State: ")) {
                state = line.trim().substring("java.lang.Thread.State: ".length());
            } else if (header != null && line.startsWith("\tat ")) {
                String site = line.substring(4).trim();
                int paren = site.indexOf('(');
                frames.add(paren > 0 ? site.substring(0, paren) : site);
                sites.add(site);
            } else if (line.trim().isEmpty() && header != null && !frames.isEmpty()) {
                threads.add(of(header, state, frames, sites));
                header = null;
            }
        }
        if (header != null) {
            threads.add(of(header, state, frames, sites));
        }
        return threads;
    }

    /** JDK 17 writes {@code "name" #12 daemon prio=5 ...}, JDK 21+ {@code "name" #12 [4711] ...}; JVM threads have no id. */
    private static DumpedThread of(String header, String state, List<String> frames, List<String> sites) {
        int end = header.indexOf("\" #");
        String name = header.substring(1, end > 0 ? end : header.lastIndexOf('"') > 0 ? header.lastIndexOf('"') : header.length());
        String id = name;
        if (end > 0) {
            int space = header.indexOf(' ', end + 2);
            id = header.substring(end + 2, space > 0 ? space : header.length());
        }
        return new DumpedThread(name, id, state, frames, sites);
    }

    static String className(String frame) {
        int dot = frame.lastIndexOf('.');
        return dot < 0 ? frame : frame.substring(0, dot);
    }

    static String methodName(String frame) {
        return frame.substring(frame.lastIndexOf('.') + 1);
    }

    /** As options write it: {@code a.B$C#method}. */
    static String option(String frame) {
        return className(frame) + "#" + methodName(frame);
    }

    /** Every package of the JDK running suggest (com.sun.net.httpserver is; GlassFish's com.sun.enterprise is not). */
    private static final Set<String> JDK_PACKAGES = jdkPackages();

    private static Set<String> jdkPackages() {
        Set<String> packages = new HashSet<>();
        for (Module module : ModuleLayer.boot().modules()) {
            packages.addAll(module.getPackages());
        }
        return packages;
    }

    /** The JDK's own frames (by package; java., jdk. and sun. whatever the target's JDK) and the agent's: nothing to name. */
    static boolean isPlatform(String frame) {
        return frame.startsWith("java.") || frame.startsWith("jdk.") || frame.startsWith("sun.")
                || frame.startsWith("io.github.sdwatchdog.") || JDK_PACKAGES.contains(packageName(frame));
    }

    private static String packageName(String frame) {
        String cls = className(frame);
        int dot = cls.lastIndexOf('.');
        return dot < 0 ? "" : cls.substring(0, dot);
    }

    static boolean isSynthetic(String frame) {
        return frame.contains("$$Lambda") || frame.contains("$Lambda$") || methodName(frame).startsWith("lambda$")
                || frame.contains("/0x");
    }

    /** A class the compiler numbered ({@code a.B$1}): its name changes from one version of a library to the next. */
    static boolean isAnonymous(String frame) {
        String cls = className(frame);
        int dollar = cls.lastIndexOf('$');
        return dollar > 0 && dollar < cls.length() - 1 && cls.substring(dollar + 1).chars().allMatch(Character::isDigit);
    }

    static boolean isApplication(String frame) {
        return !isPlatform(frame) && !isSynthetic(frame);
    }
}
