package compat;

import java.lang.instrument.Instrumentation;

/** A first agent that loads the named classes, so the watchdog agent, listed after it, finds them already loaded. */
public final class PreloadAgent {
    public static void premain(String classNames, Instrumentation instrumentation) throws ClassNotFoundException {
        for (String name : classNames.split(";")) {
            Class.forName(name, false, ClassLoader.getSystemClassLoader());
            System.out.println("preload-agent: loaded " + name);
        }
    }

    private PreloadAgent() {
    }
}
