package compat;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * A service that installs its own java.util.logging manager, as JBoss and WildFly do: it sets the
 * property (unless it is already on the command line) before its first use of JUL. An agent that had
 * touched JUL before would have fixed the JDK's default manager for good.
 *
 *   java -cp compat-fixtures.jar compat.JulApp [GATE_FILE]
 *
 * With GATE_FILE, it first runs its ready method and its loop, and sets the property only once that
 * file exists: the test creates it after READY and pings, when the agent has done everything it does.
 */
public final class JulApp {
    public static void main(String[] args) throws Exception {
        Thread loop = new Thread(() -> {
            while (true) {
                tick();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "jul-app-loop");
        if (args.length > 0) {
            start();
            loop.start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(Paths.get(args[0]))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no gate file " + args[0]);
                }
                Thread.sleep(10);
            }
            System.out.println("jul-app: gate open");
        }
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", CustomLogManager.class.getName());
        }
        System.out.println("jul-app: log manager " + LogManager.getLogManager().getClass().getName());
        Logger.getLogger("jul-app").info("logging through the application's own manager");
        if (args.length == 0) {
            start();
            loop.start();
        }
        loop.join();
    }

    public static void start() {
        System.out.println("jul-app: started");
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
