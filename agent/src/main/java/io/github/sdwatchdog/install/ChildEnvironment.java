package io.github.sdwatchdog.install;

import io.github.sdwatchdog.log.AgentLog;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Does what {@code sd_notify(unset_environment=1)} does, so that only the main JVM talks to systemd:
 * removes {@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC} and {@code WATCHDOG_PID} from what child processes
 * inherit. The JDK copies the environment once at startup ({@code java.lang.ProcessEnvironment}); that copy
 * is what {@code System.getenv} answers and what a {@code ProcessBuilder} whose environment was touched
 * passes on. It is changed here, in premain, before the service can start anything. An untouched
 * {@code ProcessBuilder} passes the C library's environment instead, which only native code can change:
 * {@code NativeEnvironment} does that on the watchdog thread once JNA is loaded.
 */
final class ChildEnvironment {
    static final String[] NAMES = {"NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"};

    /** Never throws: if the JDK's internals are not as expected, children keep the variables and say so. */
    static void removeFromJdkCopy(Instrumentation instrumentation) {
        try {
            instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                    Map.of("java.lang", Set.of(ChildEnvironment.class.getModule())), Set.of(), Map.of());
            Field field = Class.forName("java.lang.ProcessEnvironment").getDeclaredField("theEnvironment");
            field.setAccessible(true);
            Map<?, ?> environment = (Map<?, ?>) field.get(null);
            // An unsynchronized HashMap, safe to change here: the service has started no thread yet.
            for (Iterator<?> keys = environment.keySet().iterator(); keys.hasNext(); ) {
                String key = keys.next().toString();
                for (String name : NAMES) {
                    if (name.equals(key)) {
                        keys.remove();
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            AgentLog.warn("cannot remove NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID from the environment child "
                    + "processes inherit (" + e + "); a child JVM with the agent stays silent only if WATCHDOG_PID is set");
        }
    }

    private ChildEnvironment() {
    }
}
