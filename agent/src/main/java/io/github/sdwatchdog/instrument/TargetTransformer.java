package io.github.sdwatchdog.instrument;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.ProgressPoint;
import io.github.sdwatchdog.log.AgentLog;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches classes by exact internal name, so every class load that is not a target costs one hash
 * lookup. On a match it weaves the configured methods; on any failure it logs and leaves the class as it was.
 */
public final class TargetTransformer implements ClassFileTransformer {
    private final Map<String, ClassTargets> targets;
    private final Instrumentation instrumentation;
    private final Module bridgeModule;

    private TargetTransformer(Map<String, ClassTargets> targets, Instrumentation instrumentation, Module bridgeModule) {
        this.targets = targets;
        this.instrumentation = instrumentation;
        this.bridgeModule = bridgeModule;
    }

    /** Registers the transformer and retransforms targets that are already loaded. */
    public static void install(AgentConfig config, Instrumentation instrumentation, Module bridgeModule) {
        Map<String, ClassTargets> targets = new HashMap<>();
        targetsOf(targets, config.ready().internalClassName()).addReady(config.ready().methodName());
        for (ProgressPoint point : config.progressPoints()) {
            targetsOf(targets, point.method().internalClassName()).addPoint(point);
        }
        TargetTransformer transformer = new TargetTransformer(targets, instrumentation, bridgeModule);
        instrumentation.addTransformer(transformer, true);

        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (targets.containsKey(type.getName().replace('.', '/')) && instrumentation.isModifiableClass(type)) {
                loaded.add(type);
            }
        }
        if (!loaded.isEmpty()) {
            try {
                instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
            } catch (Throwable e) {
                AgentLog.error("cannot retransform already loaded " + loaded + ": " + e);
            }
        }
    }

    /** No lambda here: bootstrapping the first one costs milliseconds on the JVM's startup path. */
    private static ClassTargets targetsOf(Map<String, ClassTargets> targets, String internalName) {
        ClassTargets classTargets = targets.get(internalName);
        if (classTargets == null) {
            classTargets = new ClassTargets();
            targets.put(internalName, classTargets);
        }
        return classTargets;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null) {
            return null;
        }
        ClassTargets classTargets = targets.get(className);
        if (classTargets == null) {
            return null;
        }
        try {
            if (module != null && module.isNamed() && !module.canRead(bridgeModule)) {
                instrumentation.redefineModule(module, Set.of(bridgeModule), Map.of(), Map.of(), Set.of(), Map.of());
            }
            ClassReader reader = new ClassReader(classfileBuffer);
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            MethodWeaver weaver = new MethodWeaver(writer, classTargets);
            reader.accept(weaver, ClassReader.EXPAND_FRAMES);
            String name = className.replace('/', '.');
            if (weaver.wovenMethods() == 0) {
                AgentLog.warn("class " + name + " has no method named " + classTargets.describe()
                        + " with a body; check the agent options");
                return null;
            }
            AgentLog.info("instrumented " + name + ": " + classTargets.describe()
                    + (loader == null ? "" : " in " + loader.getClass().getName()));
            return writer.toByteArray();
        } catch (Throwable e) {
            AgentLog.error("cannot instrument " + className.replace('/', '.') + ", leaving it unchanged: " + e);
            return null;
        }
    }
}
