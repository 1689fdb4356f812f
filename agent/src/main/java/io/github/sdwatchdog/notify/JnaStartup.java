package io.github.sdwatchdog.notify;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * Initialises JNA without running {@code ldconfig -p}. JNA's {@code NativeLibrary} computes a library search
 * path once, from the output of that command in a child process (tens of milliseconds on the way to READY, and
 * a fork inside the service), unless {@code jna.platform.library.path} is set, and then leaves the property set
 * for everyone. The agent needs no search path: it uses the process's own symbols and libc by its soname,
 * which the dynamic loader finds itself. So the property is set to empty only while that class initialises,
 * and removed again, and an application's own JNA computes its path as it always did, unless it initialises
 * within those milliseconds of the JVM's start: then it searches only where the dynamic loader does
 * (LD_LIBRARY_PATH, the ld.so cache, the default directories), which finds what {@code ldconfig -p} lists.
 * First, the agent's class loader is asked for JNA's native library, which it finds in (or puts into) a
 * directory only this user can change ({@code nativelib.NativeLibraryCache}): JNA's start-up would otherwise
 * create the directories on the way to it first, with whatever permissions the umask gives.
 */
public final class JnaStartup {
    private static final String SEARCH_PATH = "jna.platform.library.path";
    private static volatile boolean initialised;

    /** Loads JNA and its native dispatch library; throws LinkageError if they cannot be loaded. */
    public static void initialise() {
        if (initialised) {
            return;
        }
        JnaStartup.class.getClassLoader().getResource(
                "com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + System.mapLibraryName("jnidispatch"));
        boolean ours = System.getProperty(SEARCH_PATH) == null;
        if (ours) {
            System.setProperty(SEARCH_PATH, "");
        }
        try {
            NativeLibrary.getProcess();
            initialised = true;
        } catch (LinkageError e) {
            UnixDatagramSocket.failed(e); // the first failure is the one that names the root cause
            throw e;
        } finally {
            if (ours && "".equals(System.getProperty(SEARCH_PATH))) {
                System.clearProperty(SEARCH_PATH);
            }
        }
    }

    private JnaStartup() {
    }
}
