package io.github.sdwatchdog.notify;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

import java.nio.charset.StandardCharsets;

/**
 * A notify socket through libc's functions looked up by name, for {@code READY=1} alone. It is usable
 * as soon as JNA and libc are loaded, before SDNotify's binding is registered (a third of the native
 * layer's cold load: its twenty methods, their argument converters and {@code Structure}), which
 * {@link SdNotifyTransport} then uses for everything else. Non-blocking ({@code MSG_DONTWAIT}); never throws.
 */
public final class DirectNotifier implements Notifier {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int MSG_DONTWAIT = 0x40;

    private final Function send;
    private final int fd;

    private DirectNotifier(Function send, int fd) {
        this.send = send;
        this.fd = fd;
    }

    /** A connected socket, or null if JNA, libc or the socket is not available (the transport reports why). */
    public static DirectNotifier open(NotifySocketAddress address) {
        try {
            // The process's own symbols, libc's among them: no search for a library file named like libc.
            NativeLibrary libc = NativeLibrary.getProcess();
            int fd = libc.getFunction("socket").invokeInt(new Object[] {AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0});
            if (fd < 0) {
                return null;
            }
            byte[] sunPath = address.sunPath();
            byte[] sockaddr = new byte[address.addressLength()];
            sockaddr[0] = AF_UNIX; // sa_family_t, little-endian
            System.arraycopy(sunPath, 0, sockaddr, 2, sunPath.length);
            if (libc.getFunction("connect").invokeInt(new Object[] {fd, sockaddr, sockaddr.length}) != 0) {
                libc.getFunction("close").invokeInt(new Object[] {fd});
                return null;
            }
            return new DirectNotifier(libc.getFunction("send"), fd);
        } catch (LinkageError e) {
            UnixDatagramSocket.failed(e); // JNA names the root cause only this first time
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public boolean send(String message) {
        try {
            byte[] datagram = message.getBytes(StandardCharsets.UTF_8);
            return send.invokeInt(new Object[] {fd, datagram, datagram.length, MSG_NOSIGNAL | MSG_DONTWAIT}) == datagram.length;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }
}
