package io.github.sdwatchdog.agent;

import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;

/**
 * The agent's entry point, and with {@link InternalClassLoader} the only agent code the application can
 * see. Everything else, Byte Buddy's ASM and JNA included, lives hidden in the jar and is loaded by a
 * private class loader, so it can clash with nothing the application brings.
 */
public final class AgentMain {
    private static final String AGENT = "io.github.sdwatchdog.install.Agent";
    private static final String CLI = "io.github.sdwatchdog.cli.Cli";

    public static void premain(String agentArgs, Instrumentation instrumentation) {
        try {
            // A method handle of this common shape is pre-generated in the JDK; Method.invoke (JDK 18+) spins
            // adapter classes for it on first use, milliseconds on every service's startup path.
            MethodHandle premain = MethodHandles.publicLookup().findStatic(internalClass(AGENT), "premain",
                    MethodType.methodType(void.class, String.class, Instrumentation.class));
            premain.invokeExact(agentArgs, instrumentation);
        } catch (Throwable e) {
            // The service must start even if the agent cannot.
            System.err.println("<3>sd-watchdog: cannot start, the service runs without it: " + e);
        }
    }

    public static void main(String[] args) throws Throwable {
        int status;
        try {
            status = (Integer) internalClass(CLI).getMethod("run", String[].class, PrintStream.class, PrintStream.class)
                    .invoke(null, args, System.out, System.err);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        System.exit(status);
    }

    private static Class<?> internalClass(String name) throws Exception {
        return Class.forName(name, true, InternalClassLoader.forAgentJar());
    }

    private AgentMain() {
    }
}
