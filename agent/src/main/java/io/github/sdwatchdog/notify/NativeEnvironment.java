package io.github.sdwatchdog.notify;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * The C library's environment, which a {@code ProcessBuilder} whose environment was never touched passes
 * to the child (the JDK's own copy is not used then). Only native code can change it.
 */
public final class NativeEnvironment {
    /** Loads the native layer if needed and unsets each variable; throws if the native layer is unusable. */
    public static void unset(String[] names) throws NativeUnavailableException {
        UnixDatagramSocket.loadNative();
        try {
            Function unsetenv = NativeLibrary.getInstance("c").getFunction("unsetenv");
            for (String name : names) {
                unsetenv.invokeInt(new Object[] {name});
            }
        } catch (LinkageError | RuntimeException e) {
            throw UnixDatagramSocket.unavailable(e);
        }
    }

    private NativeEnvironment() {
    }
}
