package io.github.sdwatchdog.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** HTTP as bytes on a socket: what a client sends, exactly, and what came back before the server closed or time ran out. */
public final class RawHttp {
    /** Sends the request on a fresh connection; returns everything read until the server closes it, or "" if that took longer than within. */
    public static String exchange(int port, String request, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) within.toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return "";
                }
                socket.setSoTimeout((int) left);
                int read;
                try {
                    read = in.read(buffer);
                } catch (SocketTimeoutException late) {
                    return "";
                }
                if (read < 0) {
                    return response.toString(StandardCharsets.ISO_8859_1);
                }
                response.write(buffer, 0, read);
            }
        }
    }

    private RawHttp() {
    }
}
