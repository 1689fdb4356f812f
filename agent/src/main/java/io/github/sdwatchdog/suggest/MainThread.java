package io.github.sdwatchdog.suggest;

import java.util.ArrayList;
import java.util.List;

/** Where the main thread is in a dump: its innermost application frames and the JDK call it waits in. */
final class MainThread {
    static String place(DumpedThread thread) {
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

    /** {@code ServerSocket.accept} for {@code java.net.ServerSocket.accept}. */
    static String shortName(String frame) {
        String cls = DumpedThread.className(frame);
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + DumpedThread.methodName(frame);
    }

    private MainThread() {
    }
}
