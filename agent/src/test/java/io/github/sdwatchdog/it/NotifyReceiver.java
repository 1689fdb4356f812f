package io.github.sdwatchdog.it;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A real AF_UNIX datagram socket bound by the test, standing in for systemd's notify socket. It is
 * written against libc directly (not the agent's transport), so the agent is checked by independent code.
 */
public final class NotifyReceiver implements AutoCloseable {
    /** One datagram and when it arrived. */
    public static final class Datagram {
        public final Instant arrived;
        public final String text;
        public final int byteLength;
        /** The sender's PID from SCM_CREDENTIALS, as systemd reads it; 0 if none came. */
        public final int senderPid;

        Datagram(Instant arrived, byte[] bytes, int senderPid) {
            this.arrived = arrived;
            this.text = new String(bytes, StandardCharsets.UTF_8);
            this.byteLength = bytes.length;
            this.senderPid = senderPid;
        }

        public boolean hasLine(String line) {
            return text.lines().anyMatch(line::equals);
        }

        @Override
        public String toString() {
            return arrived + " pid " + senderPid + " " + text.replace("\n", " | ");
        }
    }

    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] address, int length) throws LastErrorException;

        int recvmsg(int fd, Pointer msghdr, int flags) throws LastErrorException;

        int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int SO_PASSCRED = 16;
    private static final int SCM_CREDENTIALS = 2;

    private final int fd;
    private final String notifySocket;
    private final Path path;
    private final List<Datagram> received = new ArrayList<>();
    private final Thread reader;
    private volatile boolean closed;

    private NotifyReceiver(String notifySocket, Path path, byte[] sunPath, int sunPathLength) {
        this.notifySocket = notifySocket;
        this.path = path;
        fd = LibC.INSTANCE.socket(AF_UNIX, SOCK_DGRAM, 0);
        byte[] address = new byte[2 + 108];
        address[0] = AF_UNIX; // sa_family_t, little-endian
        System.arraycopy(sunPath, 0, address, 2, sunPath.length);
        LibC.INSTANCE.bind(fd, address, 2 + sunPathLength);
        byte[] timeval = new byte[16];
        timeval[8] = (byte) 0xA0; // 200,000 us, little-endian: recv wakes up to notice close()
        timeval[9] = (byte) 0x86;
        timeval[10] = 0x01;
        LibC.INSTANCE.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval, timeval.length);
        byte[] on = {1, 0, 0, 0};
        LibC.INSTANCE.setsockopt(fd, SOL_SOCKET, SO_PASSCRED, on, on.length); // as systemd does, to learn the sender
        reader = new Thread(this::readLoop, "notify-receiver");
        reader.setDaemon(true);
        reader.start();
    }

    /** A socket at a file path in {@code dir}. */
    public static NotifyReceiver atPath(Path dir) {
        Path path = dir.resolve("notify.sock");
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        return new NotifyReceiver(path.toString(), path, bytes, bytes.length + 1);
    }

    /** A socket in the abstract namespace: {@code NOTIFY_SOCKET=@name}, bound with the exact length. */
    public static NotifyReceiver abstractNamespace() {
        String name = "sd-watchdog-test-" + UUID.randomUUID();
        byte[] bytes = ("\0" + name).getBytes(StandardCharsets.UTF_8);
        return new NotifyReceiver("@" + name, null, bytes, bytes.length);
    }

    /** The value for {@code NOTIFY_SOCKET}. */
    public String notifySocket() {
        return notifySocket;
    }

    /** recvmsg with a control buffer for SCM_CREDENTIALS (x86_64 layouts of msghdr, iovec and cmsghdr). */
    private void readLoop() {
        Memory buffer = new Memory(65536);
        Memory iov = new Memory(16);
        Memory control = new Memory(64);
        Memory msghdr = new Memory(56);
        while (!closed) {
            iov.setPointer(0, buffer);
            iov.setLong(8, buffer.size());
            msghdr.clear();
            msghdr.setPointer(16, iov);
            msghdr.setLong(24, 1);
            control.clear();
            msghdr.setPointer(32, control);
            msghdr.setLong(40, control.size());
            int length;
            try {
                length = LibC.INSTANCE.recvmsg(fd, msghdr, 0);
            } catch (LastErrorException timeoutOrClosed) {
                continue;
            }
            int pid = 0;
            long controlLength = msghdr.getLong(40);
            if (controlLength >= 28 && control.getInt(8) == SOL_SOCKET && control.getInt(12) == SCM_CREDENTIALS) {
                pid = control.getInt(16);
            }
            byte[] bytes = buffer.getByteArray(0, length);
            synchronized (received) {
                received.add(new Datagram(Instant.now(), bytes, pid));
                received.notifyAll();
            }
        }
    }

    public List<Datagram> received() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    public List<Datagram> receivedWith(String line) {
        List<Datagram> matching = new ArrayList<>();
        for (Datagram datagram : received()) {
            if (datagram.hasLine(line)) {
                matching.add(datagram);
            }
        }
        return matching;
    }

    /** Waits until a datagram matching the predicate has arrived; fails the test with what did arrive if none does. */
    public Datagram await(Predicate<Datagram> matching, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                for (Datagram datagram : received) {
                    if (matching.test(datagram)) {
                        return datagram;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no datagram " + what + " within " + timeout + "; received: " + received);
                }
                received.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Waits until {@code count} datagrams match; returns the last of them. */
    public Datagram awaitCount(Predicate<Datagram> matching, int count, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                List<Datagram> found = new ArrayList<>();
                for (Datagram datagram : received) {
                    if (matching.test(datagram)) {
                        found.add(datagram);
                    }
                }
                if (found.size() >= count) {
                    return found.get(count - 1);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("fewer than " + count + " datagrams " + what + " within " + timeout
                            + "; received: " + received);
                }
                received.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    public Datagram awaitLine(String line, Duration timeout) throws InterruptedException {
        return await(d -> d.hasLine(line), timeout, "with line " + line);
    }

    /** Closes the socket but leaves its file behind, as a listener that crashed does. */
    public void closeKeepingFile() throws InterruptedException {
        closed = true;
        reader.join(5_000);
        LibC.INSTANCE.close(fd);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        closed = true;
        reader.join(5_000);
        LibC.INSTANCE.close(fd);
        if (path != null) {
            Files.deleteIfExists(path);
        }
    }
}
