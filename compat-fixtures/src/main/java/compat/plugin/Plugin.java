package compat.plugin;

/** Plugin code: loaded only through LoaderApp's class loaders, never by the system class loader. */
public final class Plugin {
    private static long ticks;

    public static void start() {
        System.out.println("plugin: started by " + Plugin.class.getClassLoader());
    }

    public static void tick() {
        ticks++;
    }

    private Plugin() {
    }
}
