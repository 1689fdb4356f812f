package compat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import net.bytebuddy.ByteBuddy;
import org.slf4j.LoggerFactory;

/**
 * A service with its own Byte Buddy, JNA and SLF4J 2 with a binding. It prints which copies it got,
 * uses each of them, and checks that none of the agent's internals can be loaded.
 */
public final class ClashApp {
    interface CLib extends Library {
        int getpid();
    }

    public static void main(String[] args) throws Exception {
        start();
        while (true) {
            tick();
            Thread.sleep(20);
        }
    }

    public static void start() throws Exception {
        System.out.println("clash-app: bytebuddy from " + source(ByteBuddy.class));
        Class<?> made = new ByteBuddy().subclass(Object.class).make()
                .load(ClashApp.class.getClassLoader()).getLoaded();
        System.out.println("clash-app: bytebuddy made " + (made != null));
        System.out.println("clash-app: jna from " + source(Native.class) + " version " + Native.VERSION);
        System.out.println("clash-app: jna getpid " + (Native.load("c", CLib.class).getpid() == ProcessHandle.current().pid()));
        System.out.println("clash-app: slf4j binding " + LoggerFactory.getILoggerFactory().getClass().getName());
        LoggerFactory.getLogger("clash-app").info("logging through the application's own SLF4J");
        for (String internal : new String[] {"io.github.sdwatchdog.config.OptionsParser",
                "io.github.sdwatchdog.shaded.bytebuddy.jar.asm.ClassReader", "info.faljse.SDNotify.jna.CLibrary",
                "io.github.sdwatchdog.notify.SdNotifyTransport"}) {
            System.out.println("clash-app: can load " + internal + " " + canLoad(internal));
        }
    }

    public static void tick() {
        // one unit of work
    }

    private static String source(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation().getPath();
    }

    private static boolean canLoad(String name) {
        try {
            Class.forName(name, false, ClashApp.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private ClashApp() {
    }
}
