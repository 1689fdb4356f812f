package io.github.sdwatchdog.suggest;

import java.util.ArrayList;
import java.util.List;

/** One thread of a {@code Thread.print} dump: its name, state and frames as {@code class.method}, innermost first. */
final class DumpedThread {
    final String name;
    final String state;
    final List<String> frames;

    DumpedThread(String name, String state, List<String> frames) {
        this.name = name;
        this.state = state;
        this.frames = frames;
    }

    /** Parses the text of {@code jcmd <pid> Thread.print} (the attach API's {@code remoteDataDump}). */
    static List<DumpedThread> parse(String dump) {
        List<DumpedThread> threads = new ArrayList<>();
        String name = null;
        String state = "";
        List<String> frames = null;
        for (String line : dump.split("\n")) {
            if (line.startsWith("\"")) {
                if (name != null) {
                    threads.add(new DumpedThread(name, state, frames));
                }
                int end = line.indexOf("\" #");
                name = line.substring(1, end > 0 ? end : line.lastIndexOf('"') > 0 ? line.lastIndexOf('"') : line.length());
                state = "";
                frames = new ArrayList<>();
            } else if (name != null && line.trim().startsWith("java.lang.Thread.State: ")) {
                state = line.trim().substring("java.lang.Thread.State: ".length());
            } else if (name != null && line.startsWith("\tat ")) {
                int paren = line.indexOf('(');
                frames.add(line.substring(4, paren > 0 ? paren : line.length()).trim());
            } else if (line.trim().isEmpty() && name != null && !frames.isEmpty()) {
                threads.add(new DumpedThread(name, state, frames));
                name = null;
            }
        }
        if (name != null) {
            threads.add(new DumpedThread(name, state, frames));
        }
        return threads;
    }

    static String className(String frame) {
        int dot = frame.lastIndexOf('.');
        return dot < 0 ? frame : frame.substring(0, dot);
    }

    static String methodName(String frame) {
        return frame.substring(frame.lastIndexOf('.') + 1);
    }

    /** The JDK's own frames and generated ones: nothing a user would name. */
    static boolean isPlatform(String frame) {
        return frame.startsWith("java.") || frame.startsWith("javax.") || frame.startsWith("jdk.") || frame.startsWith("sun.")
                || frame.startsWith("com.sun.") || frame.startsWith("io.github.sdwatchdog.");
    }

    static boolean isSynthetic(String frame) {
        return frame.contains("$$Lambda") || frame.contains("$Lambda$") || methodName(frame).startsWith("lambda$")
                || frame.contains("/0x");
    }

    static boolean isApplication(String frame) {
        return !isPlatform(frame) && !isSynthetic(frame);
    }
}
