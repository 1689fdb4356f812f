package io.github.sdwatchdog.core;

import io.github.sdwatchdog.log.AgentLog;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * Run on the watchdog thread, off the JVM's startup path: opens to the agent alone what it needs to see
 * virtual threads and who holds the locks they wait on ({@code jdk.internal.vm} for the JDK's thread
 * containers and snapshots, {@code java.util.concurrent.locks} for a lock's owner). Nothing is opened
 * to the application. On JDK 17 there is nothing to open.
 */
public final class ThreadAccess implements Runnable {
    private final Instrumentation instrumentation;

    ThreadAccess(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    @Override
    public void run() {
        if (Runtime.version().feature() < 21) {
            return;
        }
        Module self = ThreadAccess.class.getModule();
        try {
            instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                    Map.of("jdk.internal.vm", Set.of(self), "java.util.concurrent.locks", Set.of(self)),
                    Set.of(), Map.of());
        } catch (RuntimeException e) {
            AgentLog.info("cannot open the JDK's thread containers to the agent (" + e
                    + "); deadlocks among virtual threads will not be found");
        }
    }
}
