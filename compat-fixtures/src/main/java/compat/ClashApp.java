package compat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import net.bytebuddy.ByteBuddy;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * A service with its own Byte Buddy, JNA and SLF4J 2 with a binding. It prints which copies it got
 * (version and jar), uses each of them, lists every copy its class loader can see of their classes and
 * of JNA's native library, and checks that none of the agent's internals can be loaded.
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
        System.out.println("clash-app: bytebuddy " + mavenVersion(ByteBuddy.class, "net.bytebuddy/byte-buddy")
                + " from " + source(ByteBuddy.class));
        Class<?> made = new ByteBuddy().subclass(Object.class).make()
                .load(ClashApp.class.getClassLoader()).getLoaded();
        System.out.println("clash-app: bytebuddy made " + (made != null));
        System.out.println("clash-app: jna " + Native.VERSION + " from " + source(Native.class));
        System.out.println("clash-app: jna getpid " + (Native.load("c", CLib.class).getpid() == ProcessHandle.current().pid()));
        System.out.println("clash-app: slf4j " + mavenVersion(LoggerFactory.class, "org.slf4j/slf4j-api")
                + " from " + source(LoggerFactory.class));
        Class<?> binding = LoggerFactory.getILoggerFactory().getClass();
        System.out.println("clash-app: slf4j binding " + binding.getName() + " from " + source(binding));
        LoggerFactory.getLogger("clash-app").info("logging through the application's own SLF4J");
        for (String resource : new String[] {"net/bytebuddy/ByteBuddy.class", "com/sun/jna/Native.class",
                "com/sun/jna/linux-x86-64/libjnidispatch.so", "info/faljse/SDNotify/jna/CLibrary.class",
                "io/github/sdwatchdog/config/OptionsParser.class", "org/slf4j/LoggerFactory.class"}) {
            System.out.println("clash-app: copies of " + resource + " " + copies(resource));
        }
        for (String internal : new String[] {"io.github.sdwatchdog.config.OptionsParser",
                "io.github.sdwatchdog.shaded.bytebuddy.jar.asm.ClassReader", "info.faljse.SDNotify.jna.CLibrary",
                "io.github.sdwatchdog.notify.SdNotifyTransport"}) {
            System.out.println("clash-app: can load " + internal + " " + canLoad(internal));
        }
        System.out.println("clash-app: started");
    }

    public static void tick() {
        // one unit of work
    }

    private static String source(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation().getPath();
    }

    /** The version in the pom.properties of the very jar the class came from. */
    private static String mavenVersion(Class<?> type, String artifact) throws IOException {
        URL url = new URL("jar:" + type.getProtectionDomain().getCodeSource().getLocation()
                + "!/META-INF/maven/" + artifact + "/pom.properties");
        Properties properties = new Properties();
        try (InputStream in = url.openStream()) {
            properties.load(in);
        }
        return properties.getProperty("version");
    }

    private static List<String> copies(String resource) throws IOException {
        List<String> copies = new ArrayList<>();
        for (URL url : Collections.list(ClashApp.class.getClassLoader().getResources(resource))) {
            String jar = url.getPath();
            copies.add(jar.substring(0, jar.indexOf('!') < 0 ? jar.length() : jar.indexOf('!')));
        }
        return copies;
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
