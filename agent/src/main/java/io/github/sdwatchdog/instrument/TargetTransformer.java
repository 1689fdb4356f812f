package io.github.sdwatchdog.instrument;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.MethodRef;
import io.github.sdwatchdog.config.WatchPoint;
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

/**
 * Matches classes by exact internal name, so every class load that is not a target costs one hash
 * lookup. On a match it weaves the configured methods; on any failure it logs and leaves the class as it was.
 */
public final class TargetTransformer implements ClassFileTransformer {
    private final Map<String, ClassTargets> targets;
    private final TargetLedger ledger;
    private final Instrumentation instrumentation;
    private final Class<?> bridge;

    private TargetTransformer(Map<String, ClassTargets> targets, TargetLedger ledger, Instrumentation instrumentation,
                              Class<?> bridge) {
        this.targets = targets;
        this.ledger = ledger;
        this.instrumentation = instrumentation;
        this.bridge = bridge;
    }

    /** Registers the transformer and retransforms targets that are already loaded. */
    public static TargetTransformer install(AgentConfig config, TargetLedger ledger, Instrumentation instrumentation,
                                            Class<?> bridge) {
        Map<String, ClassTargets> targets = new HashMap<>();
        if (config.ready() != null) {
            targetsOf(targets, config.ready().internalClassName()).addReady(config.ready().methodName());
        }
        for (WatchPoint point : config.watchPoints()) {
            targetsOf(targets, point.method().internalClassName()).addPoint(point);
        }
        for (TargetLedger.Target target : ledger.targets()) {
            targets.get(target.method().internalClassName()).add(target);
        }
        TargetTransformer transformer = new TargetTransformer(targets, ledger, instrumentation, bridge);
        instrumentation.addTransformer(transformer, true);
        transformer.retransformLoaded("cannot retransform already loaded ");
        return transformer;
    }

    /** Removes the transformer and gives every target class that is loaded its original code back. */
    public void uninstall() {
        instrumentation.removeTransformer(this);
        retransformLoaded("cannot restore ");
    }

    private void retransformLoaded(String failure) {
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
                AgentLog.error(failure + loaded + ": " + e);
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
        String name = className.replace('/', '.');
        try {
            boolean firstLoad = ledger.classSeen(name);
            String unreachable = BridgeVisibility.whyNot(bridge, loader);
            if (unreachable != null) {
                reportUnreachable(name, loader, classTargets, unreachable);
                return null;
            }
            ClassReader reader = new ClassReader(classfileBuffer);
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            MethodInventory inventory = new MethodInventory(new MethodWeaver(writer, classTargets));
            reader.accept(inventory, ClassReader.EXPAND_FRAMES);
            StringBuilder woven = new StringBuilder();
            for (TargetLedger.Target target : classTargets.targets()) {
                String method = target.method().methodName();
                if (inventory.hasBody(method)) {
                    woven.append(woven.length() == 0 ? "" : ", ").append(method).append(" (").append(target.kind().label()).append(')');
                } else if (firstLoad) {
                    reportMissing(target, inventory);
                }
            }
            if (woven.length() == 0) {
                return null;
            }
            byte[] bytes;
            try {
                bytes = writer.toByteArray(); // before any "instrumented" line: a method too large to weave fails here
            } catch (Throwable e) {
                for (TargetLedger.Target target : classTargets.targets()) {
                    if (inventory.hasBody(target.method().methodName())) {
                        ledger.problem(target, target.method() + " cannot be woven (" + e.getClass().getSimpleName() + ")");
                    }
                }
                AgentLog.error("cannot weave " + woven + " into " + name + ", leaving the class unchanged: " + e
                        + "; those methods are not watched: name a smaller method that the same work calls");
                return null;
            }
            AgentLog.info("instrumented " + name + ": " + woven + (loader == null ? "" : " in " + loader.getClass().getName()));
            return bytes;
        } catch (Throwable e) {
            AgentLog.error("cannot instrument " + name + ", leaving it unchanged: " + e);
            return null;
        }
    }

    /** Leaves the class as it is, so the service's methods run exactly as without the agent, and says so loudly. */
    private void reportUnreachable(String name, ClassLoader loader, ClassTargets classTargets, String why) {
        List<String> points = new ArrayList<>();
        for (TargetLedger.Target target : classTargets.targets()) {
            points.add(target.method() + " (" + target.kind().label() + ")");
            ledger.problem(target, target.method() + " is not watched: its class loader cannot see the agent");
        }
        AgentLog.error("cannot weave " + name + " in " + BridgeVisibility.describe(loader) + ": " + why
                + "; its methods run unchanged and " + String.join(", ", points) + " are not watched");
    }

    private void reportMissing(TargetLedger.Target target, MethodInventory inventory) {
        MethodRef method = target.method();
        String consequence = target.kind() == TargetLedger.Kind.READY ? "READY=1 will never be sent"
                : "this " + target.kind().label() + " point is not watched";
        String option = "option '" + target.kind().label() + "' names " + method + ", but ";
        if (inventory.declared().contains(method.methodName())) {
            ledger.problem(target, method + " has no body (abstract or native)");
            AgentLog.error(option + "it is abstract or native, so there is no code to weave; " + consequence
                    + "; name the method of the class that implements it");
            return;
        }
        List<String> nearest = NearestNames.of(method.methodName(), inventory.declared());
        String suggestion = nearest.isEmpty() ? "it declares no methods" : "nearest: " + String.join(", ", nearest);
        ledger.problem(target, method + " does not exist" + (nearest.isEmpty() ? "" : " (" + nearest.get(0) + "?)"));
        AgentLog.error(option + method.className() + " declares no method '" + method.methodName() + "' (" + suggestion
                + "); " + consequence + "; fix the option and restart");
    }
}
