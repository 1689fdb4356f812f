package io.github.sdwatchdog.config;

import java.util.Optional;

/**
 * Refuses targets the agent cannot weave safely. The bridge, the class loading that weaving triggers and
 * the watchdog thread all run on {@code java.base} (strings, maps, locks, {@code VarHandle}s): a call to
 * the bridge woven into, say, {@code StringBuilder#append} re-enters itself until the JVM aborts, and a
 * class retransformed while the JDK uses it can leave it half-linked. {@code java.management} is what the
 * watchdog thread reads thread stacks with, so its own calls would count as the service's progress.
 */
final class TargetSafety {
    private static final String OWN_PREFIX = "io.github.sdwatchdog.";
    /** The agent's own packages (a test keeps this list equal to the source tree); io.github.sdwatchdog.bench and others are not. */
    static final java.util.Set<String> OWN_PACKAGES = java.util.Set.of("agent", "bridge", "check", "cli", "config",
            "health", "install", "instrument", "log", "notify", "ports", "probe", "shaded", "startup", "suggest", "watchdog");

    static void check(String key, String origin, MethodRef method) throws ConfigException {
        String className = method.className();
        int dot = className.lastIndexOf('.');
        String packageName = dot < 0 ? "" : className.substring(0, dot);
        String module = null;
        if (Object.class.getModule().getDescriptor().packages().contains(packageName)) {
            module = "java.base";
        } else {
            Optional<Module> management = ModuleLayer.boot().findModule("java.management");
            if (management.isPresent() && management.get().getPackages().contains(packageName)) {
                module = "java.management";
            }
        }
        if (module != null) {
            throw new ConfigException("option '" + key + "' in " + origin + ": " + method + " cannot be a target: "
                    + className + " is in the JDK's " + module + ", which the agent's bridge and watchdog run on "
                    + "(weaving it would re-enter the agent or break the JVM); name a method of the service's own classes");
        }
        if (className.startsWith(OWN_PREFIX) && OWN_PACKAGES.contains(topPackage(className.substring(OWN_PREFIX.length())))) {
            throw new ConfigException("option '" + key + "' in " + origin + ": " + method
                    + " cannot be a target: it is the agent's own class; name a method of the service's own classes");
        }
    }

    private static String topPackage(String relative) {
        int dot = relative.indexOf('.');
        return dot < 0 ? relative : relative.substring(0, dot);
    }

    private TargetSafety() {
    }
}
