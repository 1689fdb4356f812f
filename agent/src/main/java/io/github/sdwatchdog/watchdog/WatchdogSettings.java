package io.github.sdwatchdog.watchdog;

import java.time.Duration;
import java.util.Map;

/**
 * What systemd asks of this process, from {@code WATCHDOG_USEC} (sd_watchdog_enabled(3)). Whether this process
 * is the one asked ({@code WATCHDOG_PID}) is the activation's decision, made before.
 */
public final class WatchdogSettings {
    /** Shorter than this, no JVM meets the deadline reliably (a GC pause, a busy host), and pings would flood. */
    static final long MIN_MICROS = 1_000_000L;
    /** Longer than this, a hang goes unnoticed for more than a day; pinging for this timeout satisfies any longer one. */
    static final long MAX_MICROS = 86_400_000_000L;

    private final Duration timeout; // null when the watchdog is off for us
    private final String reasonOff;
    private final String warning;

    private WatchdogSettings(Duration timeout, String reasonOff, String warning) {
        this.timeout = timeout;
        this.reasonOff = reasonOff;
        this.warning = warning;
    }

    public static WatchdogSettings fromEnvironment(Map<String, String> env) {
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
        if (micros > MAX_MICROS) {
            return new WatchdogSettings(Duration.ofNanos(MAX_MICROS * 1000), null, "WATCHDOG_USEC=" + usec
                    + " is more than 24h (WatchdogSec= that long lets a hang go unnoticed for over a day); "
                    + "pinging as if WatchdogSec=24h, which also meets the longer timeout");
        }
        if (micros < MIN_MICROS) {
            return new WatchdogSettings(Duration.ofNanos(MIN_MICROS * 1000), null, "WATCHDOG_USEC=" + usec
                    + " is less than 1s: a GC pause or a busy host will miss it and systemd will restart a healthy "
                    + "service; pinging as if WatchdogSec=1s; set WatchdogSec= to several seconds");
        }
        return new WatchdogSettings(Duration.ofNanos(micros * 1000), null, null);
    }

    private static WatchdogSettings off(String reason) {
        return new WatchdogSettings(null, reason, null);
    }

    /** A warning about an absurd WATCHDOG_USEC that was brought into range, else null. */
    public String warning() {
        return warning;
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
