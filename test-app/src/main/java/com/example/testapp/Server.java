package com.example.testapp;

/** The startup phase: pretends to load state and open a listener, then returns. */
public final class Server {
    private final TestApp.Settings settings;

    Server(TestApp.Settings settings) {
        this.settings = settings;
    }

    public void start() throws InterruptedException {
        TestApp.event("startup-begins");
        if (settings.startupWork != null) {
            StartupModes.work(settings.startupWork);
        } else if (settings.startupHangAfter != null) {
            StartupModes.hangAfter(settings.startupHangAfter);
        } else if (settings.startupRetries) {
            try {
                StartupModes.retryForever();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        } else if (settings.readyBlocks != null) {
            try {
                StartupModes.blockForever(settings.readyBlocks);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            Thread.sleep(settings.startup.toMillis());
        }
        if (settings.startupFails) {
            TestApp.event("startup-throws");
            throw new IllegalStateException("could not bind port 8080 (simulated)");
        }
        new Listener().open();
        TestApp.event("startup-returns");
    }

    /** A nested class, so tests can name a method the JVM way: {@code Server$Listener#open}. */
    static final class Listener {
        void open() {
            TestApp.event("listener-open");
        }
    }
}
