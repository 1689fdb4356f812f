package io.github.sdwatchdog.notify;

import com.sun.jna.NativeLibrary;

/**
 * Initialises JNA without running {@code ldconfig -p}. JNA's {@code NativeLibrary} computes a library search
 * path once, from the output of that command in a child process (tens of milliseconds on the way to READY, and
 * a fork inside the service), unless {@code jna.platform.library.path} is set, and then leaves the property set
 * for everyone. The agent needs no search path: it uses the process's own symbols and libc by its soname,
 * which the dynamic loader finds itself. So the property is set to empty only while that class initialises,
 * and removed again, and an application's own JNA computes its path as it always did, unless it initialises
 * within those milliseconds of the JVM's start: then it searches only where the dynamic loader does
 * (LD_LIBRARY_PATH, the ld.so cache, the default directories), which finds what {@code ldconfig -p} lists.
 */
public final class JnaStartup {
    private static final String SEARCH_PATH = "jna.platform.library.path";

    /** Loads JNA and its native dispatch library; throws LinkageError if they cannot be loaded. */
    public static void initialise() {
        boolean ours = System.getProperty(SEARCH_PATH) == null;
        if (ours) {
            System.setProperty(SEARCH_PATH, "");
        }
        try {
            NativeLibrary.getProcess();
        } finally {
            if (ours && "".equals(System.getProperty(SEARCH_PATH))) {
                System.clearProperty(SEARCH_PATH);
            }
        }
    }

    private JnaStartup() {
    }
}
