package io.github.sdwatchdog.core;

import java.util.Map;

/**
 * Whether this JVM is the unit's main process, the only one that may speak for the service. systemd sets
 * {@code WATCHDOG_PID} to the main PID; a JVM that inherited it but has another PID is a child of the
 * service, or was started by a wrapper script without {@code exec}. With {@code NotifyAccess=all} a
 * child's {@code STOPPING=1} would stop a healthy service, so such a JVM sends nothing at all.
 */
final class MainProcess {
    /** Why this process is not the main one, or null if it is (or nothing says otherwise). */
    static String whyNot(Map<String, String> env, long pid) {
        String watchdogPid = env.get("WATCHDOG_PID");
        if (watchdogPid == null || watchdogPid.trim().isEmpty() || watchdogPid.trim().equals(Long.toString(pid))) {
            return null;
        }
        return "WATCHDOG_PID=" + watchdogPid.trim() + " names the unit's main process and this JVM is " + pid
                + ": it is a child of the service, or a wrapper script started it without exec; it sends nothing "
                + "to systemd (no READY=1, STATUS=, WATCHDOG=1 or STOPPING=1). If this JVM is the service, "
                + "end the wrapper script with 'exec java ...'";
    }

    private MainProcess() {
    }
}
