package io.github.sdwatchdog.startup;

import io.github.sdwatchdog.bridge.WatchdogBridge;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * Reads one thread's top frames, its CPU time and the JVM's loaded-class count: microseconds, no
 * whole-JVM stack read. The thread is the one inside the ready method, or before anyone entered it
 * the one that ran premain (the launcher's main thread).
 */
public final class JmxStartupSampler implements StartupSampler {
    static final int FRAMES = 12;

    private final Thread premainThread;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();

    public JmxStartupSampler(Thread premainThread) {
        this.premainThread = premainThread;
    }

    @Override
    public long loadedClasses() {
        return classes.getTotalLoadedClassCount();
    }

    @Override
    public StartupSample sample() {
        Thread inside = WatchdogBridge.startupThread();
        long enteredNanos = WatchdogBridge.startupEnteredNanos();
        Thread thread = inside != null ? inside : premainThread;
        if (thread == null || !thread.isAlive()) {
            return null;
        }
        @SuppressWarnings("deprecation") // getId(): threadId() is JDK 19+, and this compiles for 11
        long id = thread.getId();
        ThreadInfo info = threads.getThreadInfo(id, FRAMES);
        Thread.State state;
        StackTraceElement[] frames;
        if (info != null) {
            state = info.getThreadState();
            frames = info.getStackTrace();
        } else { // a virtual thread, which ThreadMXBean does not list
            state = thread.getState();
            StackTraceElement[] all = thread.getStackTrace();
            frames = java.util.Arrays.copyOf(all, Math.min(FRAMES, all.length));
        }
        long cpu = -1;
        try {
            cpu = threads.isThreadCpuTimeSupported() ? threads.getThreadCpuTime(id) : -1;
        } catch (UnsupportedOperationException e) {
            // stays -1
        }
        return new StartupSample(thread.getName(), inside != null, enteredNanos, state, frames, cpu,
                classes.getTotalLoadedClassCount());
    }
}
