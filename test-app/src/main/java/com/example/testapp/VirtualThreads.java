package com.example.testapp;

/** Starts a virtual thread on JDK 21+, through reflection so the app still builds for and runs on JDK 17. */
final class VirtualThreads {
    static Thread start(String name, Runnable body) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> type = Class.forName("java.lang.Thread$Builder");
            builder = type.getMethod("name", String.class).invoke(builder, name);
            return (Thread) type.getMethod("start", Runnable.class).invoke(builder, body);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads need JDK 21+: " + e, e);
        }
    }

    private VirtualThreads() {
    }
}
