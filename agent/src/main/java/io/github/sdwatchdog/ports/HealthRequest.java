package io.github.sdwatchdog.ports;

import io.github.sdwatchdog.config.ReadyUrl;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One {@code GET} of the service's health URL ({@code ready=http:}): a plain socket to 127.0.0.1, HTTP/1.1 with
 * {@code Connection: close}, a timeout on the connect and on each read. JDK only and a few classes, where
 * java.net.http's client would load hundreds and a thread pool on the watchdog thread. Only the status line
 * matters; the rest of the answer is read to its end (at most {@link #DRAIN_LIMIT} bytes, until a short silence),
 * so the service sees an orderly close rather than a reset.
 */
public final class HealthRequest {
    static final int DRAIN_LIMIT = 65536;
    /** A server that keeps the connection open despite {@code Connection: close} costs this much, not a timeout. */
    static final int DRAIN_SILENCE_MILLIS = 200;
    private static final int STATUS_LINE_LIMIT = 8192;

    private final InetSocketAddress address;
    private final byte[] request;
    private final int timeoutMillis;

    public HealthRequest(ReadyUrl url, int timeoutMillis) {
        this.address = new InetSocketAddress(ReadyUrl.HOST, url.port()); // an address literal: no name lookup
        this.request = ("GET " + url.path() + " HTTP/1.1\r\nHost: " + ReadyUrl.HOST + ":" + url.port()
                + "\r\nUser-Agent: sd-watchdog\r\nAccept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * The answer's status code. Throws {@link java.net.ConnectException} when nothing listens,
     * {@link java.net.SocketTimeoutException} when the connect or a read takes longer than the timeout, and an
     * IOException naming what came when the answer is not HTTP.
     */
    public int status() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 4096);
            int status = parseStatusLine(readLine(in));
            socket.setSoTimeout(DRAIN_SILENCE_MILLIS);
            drain(in);
            return status;
        }
    }

    /** "HTTP/1.1 200 OK" -> 200. */
    static int parseStatusLine(String line) throws IOException {
        if (line.isEmpty()) {
            throw new IOException("closed the connection without an answer");
        }
        int space = line.indexOf(' ');
        boolean valid = line.startsWith("HTTP/") && space > 0 && line.length() >= space + 4
                && (line.length() == space + 4 || line.charAt(space + 4) == ' ');
        int status = 0;
        for (int i = space + 1; valid && i < space + 4; i++) {
            char c = line.charAt(i);
            valid = c >= '0' && c <= '9';
            status = status * 10 + (c - '0');
        }
        if (!valid || status < 100) {
            String shown = line.length() > 60 ? line.substring(0, 60) + "..." : line;
            throw new IOException("answered with something other than HTTP: '" + printable(shown) + "'");
        }
        return status;
    }

    /** The first line, without its CR LF; empty if the connection closed before any byte. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (line.length() < STATUS_LINE_LIMIT) {
            int b = in.read();
            if (b < 0 || b == '\n') {
                break;
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[4096];
        try {
            for (int total = 0, n; total < DRAIN_LIMIT && (n = in.read(buffer)) >= 0; total += n) {
                // the body is not needed, only the orderly end of the exchange
            }
        } catch (IOException ignored) {
            // the status is known; how the rest ended does not change it
        }
    }

    private static String printable(String text) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            shown.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return shown.toString();
    }
}
