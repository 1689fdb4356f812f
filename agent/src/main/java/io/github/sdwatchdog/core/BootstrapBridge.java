package io.github.sdwatchdog.core;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;

/**
 * Defines {@code WatchdogBridge} in the bootstrap class loader, so instrumented code in any class loader
 * can call it. Appending a jar to the bootstrap search path would do the same, but it makes the JVM turn
 * off class-data sharing for application classes and print a warning; defining one class through
 * {@code jdk.internal.misc.Unsafe}, opened to us with {@link Instrumentation#redefineModule}, does not.
 */
final class BootstrapBridge {
    static final String BRIDGE = "io.github.sdwatchdog.bridge.WatchdogBridge";

    /** True if an earlier instance of the agent in this JVM has defined the bridge. */
    static boolean alreadyDefined() {
        try {
            Class.forName(BRIDGE, false, null);
            return true;
        } catch (ClassNotFoundException notYet) {
            return false;
        }
    }

    /** @return the bridge's module; throws if the bridge cannot be made visible everywhere. */
    static Module inject(Instrumentation instrumentation) throws Throwable {
        byte[] bytes;
        try (InputStream in = BootstrapBridge.class.getClassLoader()
                .getResourceAsStream(BRIDGE.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new IOException("the agent jar has no " + BRIDGE);
            }
            bytes = in.readAllBytes();
        }
        Module javaBase = Object.class.getModule();
        Module self = BootstrapBridge.class.getModule();
        instrumentation.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.misc", Set.of(self)),
                Map.of(), Set.of(), Map.of());
        // Through a method handle of exact type, bound to Unsafe: Method.invoke (JDK 18+) would spin a dozen
        // adapter classes for six parameters on first use, about 20 ms on JDK 25 on every service's start.
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        Object unsafe = lookup.findStatic(unsafeClass, "getUnsafe", MethodType.methodType(unsafeClass))
                .asType(MethodType.methodType(Object.class)).invokeExact();
        MethodHandle defineClass = lookup.findVirtual(unsafeClass, "defineClass", MethodType.methodType(Class.class,
                String.class, byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class)).bindTo(unsafe);
        Class<?> bridge = (Class<?>) defineClass.invokeExact(BRIDGE, bytes, 0, bytes.length, (ClassLoader) null,
                (ProtectionDomain) null);
        return bridge.getModule();
    }

    private BootstrapBridge() {
    }
}
