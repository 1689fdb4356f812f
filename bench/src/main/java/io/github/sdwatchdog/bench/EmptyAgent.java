package io.github.sdwatchdog.bench;

import java.lang.instrument.Instrumentation;

/**
 * A -javaagent that does nothing: bench/startup.sh packs it into a tiny jar to show what any
 * -javaagent costs the JVM, apart from sd-watchdog's own work.
 */
public final class EmptyAgent {
    public static void premain(String args, Instrumentation inst) {
    }

    private EmptyAgent() {
    }
}
