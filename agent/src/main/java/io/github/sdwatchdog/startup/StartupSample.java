package io.github.sdwatchdog.startup;

/** One look at the startup, taken once a second while the ready method has not returned. */
public final class StartupSample {
    final String threadName; // the thread inside the ready method, or the one that ran premain
    final boolean entered; // whether that thread is inside the ready method
    final long enteredNanos; // when it entered, on the sampler's clock; meaningless unless entered
    final Thread.State state;
    final StackTraceElement[] topFrames;
    final long cpuNanos; // -1 when the JVM cannot tell
    final long loadedClasses;

    public StartupSample(String threadName, boolean entered, long enteredNanos, Thread.State state,
                         StackTraceElement[] topFrames, long cpuNanos, long loadedClasses) {
        this.threadName = threadName;
        this.entered = entered;
        this.enteredNanos = enteredNanos;
        this.state = state;
        this.topFrames = topFrames;
        this.cpuNanos = cpuNanos;
        this.loadedClasses = loadedClasses;
    }

    /** The frames' classes and methods without line numbers: a loop that spins over several lines is one place. */
    boolean samePlaceAs(StartupSample other) {
        if (other == null || other.topFrames.length != topFrames.length || !threadName.equals(other.threadName)) {
            return false;
        }
        for (int i = 0; i < topFrames.length; i++) {
            if (!topFrames[i].getClassName().equals(other.topFrames[i].getClassName())
                    || !topFrames[i].getMethodName().equals(other.topFrames[i].getMethodName())) {
                return false;
            }
        }
        return true;
    }
}
