package io.github.sdwatchdog.install;

import io.github.sdwatchdog.log.AgentLog;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Run before JNA loads, on JDK 22+: grants native access (JEP 472) to the module the agent's class
 * loader puts JNA in, so JNA loads without the JDK's warning and keeps working once restricted methods
 * are blocked by default. {@code --enable-native-access=ALL-UNNAMED} would grant it to every class of
 * the application too. The public {@code ModuleLayer.Controller.enableNativeAccess} is itself
 * restricted, so its caller would need the very access it grants; the agent calls the JDK's own
 * implementation instead, through {@code java.lang} opened to the agent alone. If any of this fails,
 * the JDK prints its warning and everything still works.
 */
public final class NativeAccess implements Runnable {
    private final Instrumentation instrumentation;

    NativeAccess(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run() {
        ClassLoader loader = NativeAccess.class.getClassLoader();
        if (Runtime.version().feature() < 22 || !(loader instanceof Supplier)) {
            return; // no grant needed before 22; no module of our own when run from unpacked classes
        }
        Module jna = ((Supplier<Module>) loader).get();
        if (jna == null) {
            AgentLog.info("JNA stays in an unnamed module; the JDK may warn about its System.load");
            return;
        }
        try {
            instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                    Map.of("java.lang", Set.of(NativeAccess.class.getModule())), Set.of(), Map.of());
            Method enable = Module.class.getDeclaredMethod("implAddEnableNativeAccess");
            enable.setAccessible(true);
            enable.invoke(jna);
        } catch (ReflectiveOperationException | RuntimeException e) {
            AgentLog.info("cannot grant native access to JNA alone (" + e + "); the JDK may warn about its System.load");
        }
    }
}
