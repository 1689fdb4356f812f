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

    /**
     * Where the startup thread is: a fingerprint of its name and its frames' classes and methods, without line
     * numbers, so a loop that spins over several lines is one place.
     */
    long place() {
        long hash = 0xcbf29ce484222325L; // FNV-1a, 64 bits: collisions among a startup's places are negligible
        hash = mix(hash, threadName);
        for (StackTraceElement frame : topFrames) {
            hash = mix(mix(hash, frame.getClassName()), frame.getMethodName());
        }
        return hash;
    }

    private static long mix(long hash, String text) {
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * 0x100000001b3L;
        }
        return (hash ^ 0xff) * 0x100000001b3L; // a separator, so "ab"+"c" and "a"+"bc" differ
    }
}
