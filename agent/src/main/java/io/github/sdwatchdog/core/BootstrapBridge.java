package io.github.sdwatchdog.core;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
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
    static Module inject(Instrumentation instrumentation) throws ReflectiveOperationException, IOException {
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
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
        Method defineClass = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, java.security.ProtectionDomain.class);
        Class<?> bridge = (Class<?>) defineClass.invoke(unsafe, BRIDGE, bytes, 0, bytes.length, null, null);
        return bridge.getModule();
    }

    private BootstrapBridge() {
    }
}
