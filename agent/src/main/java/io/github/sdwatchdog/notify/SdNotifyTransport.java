package io.github.sdwatchdog.notify;

import io.github.sdwatchdog.log.AgentLog;

import java.nio.charset.StandardCharsets;

/**
 * Sends sd_notify datagrams to {@code NOTIFY_SOCKET} as UTF-8 with exact byte lengths. The socket is
 * connected once and kept; if a send fails, it reconnects and tries once more, so a notify socket that
 * was re-created still gets our messages. Failures are logged once per change of state, never thrown.
 */
public final class SdNotifyTransport implements Notifier {
    private final NotifySocketAddress address;
    private UnixDatagramSocket socket;
    private boolean failing;

    private SdNotifyTransport(NotifySocketAddress address) {
        this.address = address;
    }

    /** Loads the native layer and connects. A failed connect is retried at each send. */
    public static SdNotifyTransport open(NotifySocketAddress address) throws NativeUnavailableException {
        UnixDatagramSocket.loadNative();
        SdNotifyTransport transport = new SdNotifyTransport(address);
        synchronized (transport) {
            transport.connect();
        }
        return transport;
    }

    @Override
    public synchronized boolean send(String message) {
        byte[] datagram = message.getBytes(StandardCharsets.UTF_8);
        String firstError = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                if (socket == null) {
                    connect();
                }
                if (socket != null) {
                    socket.send(datagram);
                    if (failing) {
                        failing = false;
                        AgentLog.info("notify socket " + address + " accepts messages again");
                    }
                    return true;
                }
            } catch (LinkageError | RuntimeException e) {
                firstError = firstError == null ? String.valueOf(e.getMessage()) : firstError;
                closeSocket();
            }
        }
        if (!failing) {
            failing = true;
            AgentLog.error("cannot send '" + message.replace('\n', ' ') + "' to NOTIFY_SOCKET=" + address
                    + ": " + firstError);
        }
        return false;
    }

    private void connect() {
        try {
            socket = UnixDatagramSocket.connect(address);
        } catch (LinkageError | RuntimeException e) {
            socket = null;
            if (!failing) {
                failing = true;
                AgentLog.error("cannot connect to NOTIFY_SOCKET=" + address + ": " + e.getMessage()
                        + "; will retry at each message");
            }
        }
    }

    private void closeSocket() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
