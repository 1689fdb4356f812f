package io.github.sdwatchdog.watchdog;

import io.github.sdwatchdog.log.AgentLog;
import io.github.sdwatchdog.notify.NativeUnavailableException;
import io.github.sdwatchdog.notify.Notifier;
import io.github.sdwatchdog.notify.NotifySocketAddress;
import io.github.sdwatchdog.notify.SdNotifyTransport;

/**
 * The watchdog's line to systemd: opened once on the watchdog thread, then every message goes through it.
 * When systemd is absent (probes or exit only) or cannot be reached, sends do nothing and the checks run on.
 * A JVM that must claim the unit (started without exec) sends nothing until its READY, which names it
 * with {@code MAINPID=}; nothing goes out once the JVM is stopping, but {@code STOPPING=1}.
 */
final class SystemdLink {
    private final NotifySocketAddress address; // null: no systemd
    private final String claim; // "MAINPID=<pid>\n" until READY claims the unit; null for the main process
    private Notifier notifier; // guarded by this
    private boolean claimed; // guarded by this
    private boolean stopping; // guarded by this

    SystemdLink(NotifySocketAddress address, String claim) {
        this.address = address;
        this.claim = claim;
    }

    /** Opens the transport (the native layer first); on failure says why once, and the link stays closed. */
    void open(Runnable beforeNativeLoads, StatusOverlay overlay, ReadySender readySender) {
        if (address == null) {
            return;
        }
        try {
            beforeNativeLoads.run();
            Notifier opened = SdNotifyTransport.open(address);
            synchronized (this) {
                notifier = overlay.attach(opened);
            }
            if (!readySender.hasSocket()) {
                readySender.open(SdNotifyTransport.open(address)); // the native loader could not open its own
            }
        } catch (NativeUnavailableException | LinkageError | RuntimeException e) {
            AgentLog.error(e.getMessage() + "; READY=1 and WATCHDOG=1 will not be sent; health checks, probes and "
                    + "on-unhealthy=exit still run");
        }
    }

    /** True if systemd started this JVM with a notify socket, whether or not it could be reached. */
    boolean systemdExpected() {
        return address != null;
    }

    synchronized boolean connected() {
        return notifier != null;
    }

    /** What READY's datagram starts with: the claim of the unit, when this JVM must make it. */
    String readyPrefix() {
        return claim == null ? "" : claim;
    }

    /** READY went out (from whichever thread): from now on this JVM speaks for the unit. */
    synchronized void readySent() {
        claimed = true;
    }

    /**
     * From the shutdown hook: {@code STOPPING=1}, then nothing more. If the JVM stops before the watchdog thread
     * opened the link, READY's own socket carries it, once READY went out from there.
     */
    synchronized void stopping(ReadySender readySender) {
        String message = "STOPPING=1\nSTATUS=stopping";
        if (notifier != null) {
            send(message);
        } else if (claim == null || readySender.sent()) {
            readySender.sendOnOwnSocket(message);
        }
        stopping = true;
    }

    /** Sends unless closed, unclaimed (except READY itself) or stopping (except STOPPING); never throws. */
    synchronized boolean send(String message) {
        if (notifier == null || (stopping && !message.startsWith("STOPPING"))) {
            return false;
        }
        if (claim != null && !claimed && !message.startsWith(claim)) {
            return false; // a launcher's helper JVM, or the service before READY: silent
        }
        return notifier.send(message);
    }
}
