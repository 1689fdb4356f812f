package io.github.sdwatchdog.install;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.Set;

/**
 * Defines the bridge, the one class woven code calls, in the JDK's {@code java.lang} package. Every class
 * loader delegates {@code java.*} to the JDK (the JDK refuses to let any other loader define such a class),
 * so woven code resolves the bridge in JBoss Modules, OSGi and strict custom loaders alike, with no setting,
 * and named modules read it without an added edge. The build relocates the bridge to
 * {@code java.lang.SdWatchdogBridge}; it is defined with the public {@link MethodHandles.Lookup#defineClass},
 * on a lookup into {@code java.lang} that {@link Instrumentation#redefineModule} opens to the agent alone:
 * no JDK internal, and no bootstrap class path entry (which would turn class-data sharing off).
 */
final class BootstrapBridge {
    /** The bridge's name as the agent sees it: {@code java.lang.SdWatchdogBridge} in the built jar. */
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

    /** @return the bridge class; throws if it cannot be defined where every loader sees it. */
    static Class<?> inject(Instrumentation instrumentation) throws Throwable {
        byte[] bytes;
        try (InputStream in = BootstrapBridge.class.getClassLoader()
                .getResourceAsStream(BRIDGE.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new IOException("the agent jar has no bridge class");
            }
            bytes = in.readAllBytes();
        }
        instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                Map.of("java.lang", Set.of(BootstrapBridge.class.getModule())), Set.of(), Map.of());
        return MethodHandles.privateLookupIn(Object.class, MethodHandles.lookup()).defineClass(bytes);
    }

    private BootstrapBridge() {
    }
}
