package io.github.sdwatchdog.notify;

import com.sun.jna.LastErrorException;
import info.faljse.SDNotify.jna.CLibrary;
import io.github.sdwatchdog.nativelib.NativeLibraryCache;

import java.nio.ByteBuffer;

/**
 * An AF_UNIX datagram socket through SDNotify's JNA binding of libc. SDNotify's own facade is not used:
 * it pads the address to 108 bytes (breaking abstract names), encodes US-ASCII, never reconnects, and
 * logs through SLF4J. Its {@link CLibrary} calls take an explicit address length, which fixes all that.
 */
final class UnixDatagramSocket implements AutoCloseable {
    private static final int SOCK_CLOEXEC = 0x80000; // 02000000: children must not inherit the fd
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int MSG_DONTWAIT = 0x40; // a backlogged notify socket must not block the watchdog or JVM exit
    private static volatile CLibrary libc;
    /** The first failure: JNA names the root cause (a noexec directory, say) only the first time. */
    private static volatile NativeUnavailableException failure;

    private final int fd;

    private UnixDatagramSocket(int fd) {
        this.fd = fd;
    }

    /** Loads JNA and libc; the first call costs tens of milliseconds, so the agent does it off the app's threads. */
    static synchronized void loadNative() throws NativeUnavailableException {
        if (libc != null) {
            return;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            JnaStartup.initialise(); // once loaded, a lookup of a field
            CLibrary loaded = CLibrary.clib;
            loaded.getpid(); // fails here, not at the first send, if the binding is unusable
            libc = loaded;
        } catch (LinkageError | RuntimeException e) {
            failed(e);
            throw failure;
        }
    }

    /** Records why the native layer cannot load, for every later attempt to report. */
    static synchronized void failed(Throwable e) {
        if (failure == null) {
            failure = unavailable(e);
        }
    }

    static NativeUnavailableException unavailable(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String refusal = NativeLibraryCache.refusal();
        String why = refusal != null ? refusal
                : root.toString().contains("failed to map segment") // what a noexec file system makes of it
                ? root + "; the agent keeps JNA's library in " + NativeLibraryCache.place() + ", which must allow exec: set -Djna.tmpdir=DIR"
                : root.toString();
        return new NativeUnavailableException("cannot load native access (JNA) to send datagrams: " + why, e);
    }

    static UnixDatagramSocket connect(NotifySocketAddress address) throws LastErrorException {
        return open(address, false);
    }

    static UnixDatagramSocket bind(NotifySocketAddress address) throws LastErrorException {
        return open(address, true);
    }

    private static UnixDatagramSocket open(NotifySocketAddress address, boolean bind) throws LastErrorException {
        UnixDatagramSocket socket = new UnixDatagramSocket(libc.socket(CLibrary.AF_UNIX, CLibrary.SOCK_DGRAM | SOCK_CLOEXEC, 0));
        try {
            if (bind) {
                libc.bind(socket.fd, sockAddr(address), address.addressLength());
            } else {
                libc.connect(socket.fd, sockAddr(address), address.addressLength());
            }
        } catch (LastErrorException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    private static CLibrary.SockAddr sockAddr(NotifySocketAddress address) {
        CLibrary.SockAddr sockAddr = new CLibrary.SockAddr("");
        byte[] path = address.sunPath();
        System.arraycopy(path, 0, sockAddr.addr, 0, path.length);
        return sockAddr;
    }

    /** Sends the whole buffer as one datagram. */
    void send(byte[] datagram) throws LastErrorException {
        int sent = libc.send(fd, ByteBuffer.wrap(datagram), datagram.length, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent != datagram.length) {
            throw new LastErrorException("short send: " + sent + " of " + datagram.length + " bytes");
        }
    }

    /** Blocks until a datagram arrives and returns its bytes. */
    byte[] receive(byte[] buffer) throws LastErrorException {
        int length = libc.recv(fd, ByteBuffer.wrap(buffer), buffer.length, 0);
        byte[] datagram = new byte[length];
        System.arraycopy(buffer, 0, datagram, 0, length);
        return datagram;
    }

    @Override
    public void close() {
        try {
            libc.close(fd);
        } catch (LastErrorException ignored) {
            // nothing to do about a failed close
        }
    }
}
