package compat.plugin;

import java.util.concurrent.locks.LockSupport;

/**
 * Plugin code: loaded only through LoaderApp's class loaders, never from compat-fixtures.jar. With
 * {@code -Dcompat.block-at=N}, the N-th call of {@link #tick()} never returns, so a test can tell that
 * the agent counted the calls before it (see compat.Blocking).
 */
public final class Plugin {
    private static final long BLOCK_AT = Long.getLong("compat.block-at", -1);
    private static long ticks;

    public static void start() {
        System.out.println("plugin: started by " + Plugin.class.getClassLoader());
    }

    public static void tick() {
        if (++ticks == BLOCK_AT) {
            System.out.println("plugin: blocking inside tick after " + ticks + " calls");
            while (true) {
                LockSupport.park();
            }
        }
    }

    private Plugin() {
    }
}
