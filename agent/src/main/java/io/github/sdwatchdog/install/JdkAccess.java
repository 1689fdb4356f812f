package io.github.sdwatchdog.install;

import io.github.sdwatchdog.log.AgentLog;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * Run on the watchdog thread, off the JVM's startup path: opens to the agent alone what it needs to see
 * virtual threads and who holds the locks they wait on ({@code jdk.internal.vm} for the JDK's thread
 * containers and snapshots, {@code java.util.concurrent.locks} for a lock's owner, JDK 21+), and whether
 * the platform MBean server exists yet ({@code java.lang.management}), which the agent must not create
 * itself. Nothing is opened to the application.
 */
public final class JdkAccess implements Runnable {
    private final Instrumentation instrumentation;

    JdkAccess(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    @Override
    public void run() {
        Module self = JdkAccess.class.getModule();
        try {
            Module management = java.lang.management.ManagementFactory.class.getModule();
            instrumentation.redefineModule(management, Set.of(), Map.of(),
                    Map.of("java.lang.management", Set.of(self)), Set.of(), Map.of());
        } catch (RuntimeException e) {
            AgentLog.info("cannot open java.lang.management to the agent (" + e + "); its MBean will not be registered");
        }
        if (Runtime.version().feature() < 21) {
            return;
        }
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
