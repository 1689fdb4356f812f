package io.github.sdwatchdog.notify;

import com.sun.jna.LastErrorException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.LocalTime;

/** Binds a notify socket and prints each datagram as it arrives: a stand-in for systemd in demos. */
public final class NotifyListener {
    public static void listen(NotifySocketAddress address, PrintStream out) throws NativeUnavailableException, IOException {
        UnixDatagramSocket.loadNative();
        if (!address.isAbstract()) {
            Files.deleteIfExists(Paths.get(address.toString()));
        }
        try (UnixDatagramSocket socket = UnixDatagramSocket.bind(address)) {
            out.println("listening on NOTIFY_SOCKET=" + address);
            byte[] buffer = new byte[65536];
            while (true) {
                String datagram = new String(socket.receive(buffer), StandardCharsets.UTF_8);
                out.println(LocalTime.now() + "  " + datagram.trim().replace("\n", " | "));
            }
        } catch (LastErrorException e) {
            throw new IOException("notify socket " + address + ": " + e.getMessage(), e);
        }
    }

    private NotifyListener() {
    }
}
