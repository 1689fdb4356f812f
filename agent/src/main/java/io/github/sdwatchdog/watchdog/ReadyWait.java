package io.github.sdwatchdog.watchdog;

/** One way of knowing the service is ready: its ready method returned, or its ports listen. */
interface ReadyWait {
    /** Waits on the watchdog thread, saying what it waits for; false if the JVM stops first. */
    boolean await();

    /** What made the service ready, for the log: "a.B#start returned", "port 8080 listens". */
    String readyEvent();
}
