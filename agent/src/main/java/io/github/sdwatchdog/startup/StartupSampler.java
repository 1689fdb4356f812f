package io.github.sdwatchdog.startup;

/** Takes a {@link StartupSample}; the JVM's answer is {@link JmxStartupSampler}, tests give their own. */
public interface StartupSampler {
    /** Null when there is nothing to look at (the thread has ended). */
    StartupSample sample();

    /** The JVM's loaded-class count now; -1 if unknown. */
    long loadedClasses();
}
