package suggestfixture;

/**
 * A startup with the shapes real ones have: configuration loaded once early (it returns long before the
 * service serves), a lifecycle method every component goes through (called many times, nested), a deploy
 * per application (called several times), and the gate that makes /health answer 200, opened last.
 */
public final class Startup {
    static volatile boolean serving;

    /** Called once; returns right after the service begins to serve (or AFTER_SERVING_MS later). */
    public void start(long startupMs, long afterServingMs) {
        loadConfiguration(startupMs / 5);
        Lifecycle.start("applications", () -> {
            for (int i = 0; i < 3; i++) {
                Lifecycle.start("application-" + i, () -> Deployer.deploy(startupMs / 5));
            }
        });
        Lifecycle.start("connector", Startup::openGate);
        pause(afterServingMs); // warming caches, say
    }

    private static void loadConfiguration(long ms) {
        pause(ms);
    }

    private static void openGate() {
        serving = true;
        System.out.println("serving since " + java.time.LocalTime.now()); // the clock listen stamps READY=1 with
        System.out.flush();
    }

    static void pause(long ms) {
        long until = System.nanoTime() + ms * 1_000_000L;
        while (until - System.nanoTime() > 0) {
            try {
                Thread.sleep(Math.max(1, (until - System.nanoTime()) / 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Every component starts through here, as in Tomcat's LifecycleBase#start. */
    static final class Lifecycle {
        static void start(String component, Runnable body) {
            body.run();
        }
    }

    /** One application's deployment. */
    static final class Deployer {
        static void deploy(long ms) {
            pause(ms);
        }
    }
}
