package io.github.sdwatchdog.install;

import io.github.sdwatchdog.log.AgentLog;
import io.github.sdwatchdog.notify.DirectNotifier;
import io.github.sdwatchdog.notify.JnaStartup;
import io.github.sdwatchdog.notify.NativeEnvironment;
import io.github.sdwatchdog.notify.NativeUnavailableException;
import io.github.sdwatchdog.notify.NotifySocketAddress;
import io.github.sdwatchdog.watchdog.ReadySender;

/**
 * Runs on the native loader thread: grants JNA native access, loads JNA and libc and opens the socket
 * READY goes through (sending it at once if the startup method has returned), then registers SDNotify's
 * binding, and removes the notify variables from the C library's environment, so that children started without a
 * touched {@code ProcessBuilder} environment do not inherit them either (see {@link ChildEnvironment}).
 * A failure to load JNA is left for the transport to report, once. glibc's unsetenv is safe against
 * other setenv/unsetenv calls; native code reading the environment at that very moment is the residual
 * risk, the same one {@code sd_notify(unset_environment=1)} takes.
 */
final class NativePreparation implements Runnable {
    private final Runnable nativeAccess;
    private final NotifySocketAddress address;
    private final ReadySender readySender;
    private final PremainOutcome premain;

    NativePreparation(Runnable nativeAccess, NotifySocketAddress address, ReadySender readySender, PremainOutcome premain) {
        this.nativeAccess = nativeAccess;
        this.address = address;
        this.readySender = readySender;
        this.premain = premain;
    }

    @Override
    public void run() {
        nativeAccess.run();
        try {
            JnaStartup.initialise();
        } catch (LinkageError | RuntimeException e) {
            // the transport loads JNA again and reports why it cannot
        }
        if (!premain.awaitInstalled()) {
            return; // the service runs without the agent: no socket, its environment untouched
        }
        if (address != null) { // none without systemd: the native layer is loaded for ready=listen: only
            readySender.open(DirectNotifier.open(address));
        }
        try {
            NativeEnvironment.unset(ChildEnvironment.NAMES);
        } catch (NativeUnavailableException e) {
            return; // the transport loads JNA next and logs why it cannot
        } catch (LinkageError | RuntimeException e) {
            AgentLog.warn("cannot remove NOTIFY_SOCKET from the C environment children inherit: " + e);
        }
    }
}
