package io.github.sdwatchdog.watchdog;

import io.github.sdwatchdog.instrument.TargetLedger;
import io.github.sdwatchdog.notify.Notifier;

/**
 * Puts what is wrong with the configured targets in front of every {@code STATUS=} the watchdog sends, so
 * {@code systemctl status} never says "healthy" while a configured point is not watched,
 * and re-sends the last status when that changes.
 */
public final class StatusOverlay implements Notifier {
    private static final String STATUS = "STATUS=";
    private static final String HEALTHY = "healthy: ";

    private final TargetLedger ledger;
    private Notifier transport; // guarded by this
    private String lastStatus; // as the watchdog wrote it, guarded by this

    public StatusOverlay(TargetLedger ledger) {
        this.ledger = ledger;
    }

    /** Starts sending through the transport, and says at once if something is already wrong. */
    public synchronized Notifier attach(Notifier opened) {
        transport = opened;
        if (ledger.status() != null) {
            refresh();
        }
        return this;
    }

    @Override
    public synchronized boolean send(String message) {
        if (transport == null) {
            return false;
        }
        int at = message.startsWith(STATUS) ? 0 : message.indexOf("\n" + STATUS);
        if (at < 0) {
            return transport.send(message);
        }
        if (at > 0) {
            at++; // past the newline
        }
        int end = message.indexOf('\n', at);
        lastStatus = message.substring(at + STATUS.length(), end < 0 ? message.length() : end);
        return transport.send(message.substring(0, at) + STATUS + overlay(lastStatus)
                + (end < 0 ? "" : message.substring(end)));
    }

    /** Sends the last status again with the targets' current problems; false if it could not be sent. */
    public synchronized boolean refresh() {
        return transport != null && transport.send(STATUS + overlay(lastStatus));
    }

    private String overlay(String status) {
        String problems = ledger.status();
        if (problems == null) {
            return status == null ? "" : status;
        }
        if (status == null || status.isEmpty()) {
            return problems;
        }
        // A service with a point that is not watched is never called healthy: only what is watched is.
        return problems + "; " + (status.startsWith(HEALTHY) ? "the watched points: " + status.substring(HEALTHY.length()) : status);
    }
}
