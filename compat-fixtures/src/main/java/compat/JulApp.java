package compat;

import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * A service that installs its own java.util.logging manager, as JBoss and WildFly do: it sets the
 * property in main (unless it is already on the command line), before its first use of JUL. An agent
 * that touched JUL earlier would have fixed the JDK's default manager for good.
 */
public final class JulApp {
    public static void main(String[] args) throws Exception {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", CustomLogManager.class.getName());
        }
        start();
        while (true) {
            tick();
            Thread.sleep(20);
        }
    }

    public static void start() {
        System.out.println("jul-app: log manager " + LogManager.getLogManager().getClass().getName());
        Logger.getLogger("jul-app").info("logging through the application's own manager");
    }

    public static void tick() {
        // one unit of work
    }

    /** The application's own manager. */
    public static final class CustomLogManager extends LogManager {
    }

    private JulApp() {
    }
}
