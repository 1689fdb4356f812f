package io.github.sdwatchdog.instrument;

/**
 * Whether code defined by a class loader resolves the bridge to the class the agent counts with. The bridge
 * is in {@code java.lang}, which every sound loader delegates to the JDK; a loader that refuses it anyway
 * gets no woven code, because woven code that cannot link would throw into the service at every call.
 */
final class BridgeVisibility {
    /** Why classes of this loader cannot call the bridge, or null if they can. */
    static String whyNot(Class<?> bridge, ClassLoader loader) {
        if (loader == null) {
            return null; // the bootstrap loader defined the bridge
        }
        try {
            Class<?> seen = Class.forName(bridge.getName(), false, loader);
            return seen == bridge ? null : "it resolves " + bridge.getName() + " to a class of its own, from "
                    + describe(seen.getClassLoader());
        } catch (Throwable e) {
            return "it does not delegate " + bridge.getName() + " to the JDK (" + e + ")";
        }
    }

    /** A loader as a report names it: its class, and its own description where it has one (JBoss Modules' module name). */
    static String describe(ClassLoader loader) {
        if (loader == null) {
            return "the bootstrap loader";
        }
        String type = loader.getClass().getName();
        try {
            String text = String.valueOf(loader);
            if (text.length() > 160) {
                text = text.substring(0, 160) + "...";
            }
            return text.startsWith(type) ? text : type + " (" + text + ")";
        } catch (Throwable e) {
            return type;
        }
    }

    private BridgeVisibility() {
    }
}
