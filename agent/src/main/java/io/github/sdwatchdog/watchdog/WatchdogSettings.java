package io.github.sdwatchdog.watchdog;

import java.time.Duration;
import java.util.Map;

/** What systemd asks of this process, from {@code WATCHDOG_USEC} and {@code WATCHDOG_PID} (sd_watchdog_enabled(3)). */
public final class WatchdogSettings {
    private final Duration timeout; // null when the watchdog is off for us
    private final String reasonOff;

    private WatchdogSettings(Duration timeout, String reasonOff) {
        this.timeout = timeout;
        this.reasonOff = reasonOff;
    }

    public static WatchdogSettings fromEnvironment(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        if (usec == null || usec.isEmpty()) {
            return off("WATCHDOG_USEC is not set: the unit has no WatchdogSec=, so no WATCHDOG=1 pings are sent "
                    + "and systemd cannot restart a hung service; add WatchdogSec= to the unit");
        }
        long micros;
        try {
            micros = Long.parseLong(usec.trim());
        } catch (NumberFormatException e) {
            return off("WATCHDOG_USEC='" + usec + "' is not a number of microseconds; no pings are sent");
        }
        if (micros <= 0) {
            return off("WATCHDOG_USEC=" + usec + " disables the watchdog; no pings are sent");
        }
        String watchdogPid = env.get("WATCHDOG_PID");
        if (watchdogPid != null && !watchdogPid.isEmpty() && !watchdogPid.trim().equals(Long.toString(pid))) {
            return off("WATCHDOG_PID=" + watchdogPid + " names another process (this is " + pid + "); no pings are sent");
        }
        return new WatchdogSettings(Duration.ofNanos(micros * 1000), null);
    }

    private static WatchdogSettings off(String reason) {
        return new WatchdogSettings(null, reason);
    }

    public boolean enabled() {
        return timeout != null;
    }

    public String reasonOff() {
        return reasonOff;
    }

    /**
     * A quarter of the timeout. sd_watchdog_enabled(3) asks for at least every half; a quarter lets a
     * healthy service survive a whole-JVM pause (GC, SIGSTOP) of up to three quarters of WatchdogSec=.
     */
    public Duration pingInterval() {
        return timeout.dividedBy(4);
    }

    public Duration timeout() {
        return timeout;
    }
}
