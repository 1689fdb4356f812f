package io.github.sdwatchdog.core;

import io.github.sdwatchdog.log.AgentLog;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;

/**
 * On JDK 22+, grants native access to the agent's own module, so JNA loads without the JDK's
 * restricted-method warning (JEP 472) and keeps working once restricted methods are blocked by
 * default. {@code --enable-native-access=ALL-UNNAMED} would do it for every class of the application
 * too. The public {@code ModuleLayer.Controller.enableNativeAccess} is itself a restricted method, so
 * its caller would need the very access it grants; the agent calls the JDK's own implementation
 * instead, through {@code java.lang} opened to the agent's module alone. If that ever fails, the JDK
 * prints its warning and everything still works.
 */
final class NativeAccess {
    static void enableForInternals(Instrumentation instrumentation) {
        Module self = NativeAccess.class.getModule();
        if (!self.isNamed() || Runtime.version().feature() < 22) {
            return; // in an unnamed module access is all-or-nothing; before 22 it needs no grant
        }
        try {
            instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                    Map.of("java.lang", Set.of(self)), Set.of(), Map.of());
            Method enable = Module.class.getDeclaredMethod("implAddEnableNativeAccess");
            enable.setAccessible(true);
            enable.invoke(self);
        } catch (ReflectiveOperationException | RuntimeException e) {
            AgentLog.info("cannot grant native access to the agent's module alone (" + e
                    + "); the JDK may warn about JNA's System.load");
        }
    }

    private NativeAccess() {
    }
}
