package io.github.sdwatchdog.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;

/**
 * One client's connection, on a thread of its own, so a client that stalls holds only that thread. Every read
 * has a deadline: a request's head must arrive whole within {@link #REQUEST_TIMEOUT_MS} of its first byte, and
 * a kept-alive connection waits at most {@link #IDLE_TIMEOUT_MS} for its next request; then it is closed.
 * GET and HEAD are answered; any other method gets 405.
 */
final class ProbeConnection implements Runnable {
    static final int REQUEST_TIMEOUT_MS = 2_000;
    static final int IDLE_TIMEOUT_MS = 10_000;
    /** A probe's head is a few hundred bytes; a larger one is refused (431). */
    static final int MAX_HEAD = 8 * 1024;
    private static final int TOO_LARGE = -2;

    private final Socket socket;
    private final ProbeView view;
    private final Consumer<ProbeConnection> onClose;
    private final byte[] head = new byte[MAX_HEAD];
    private int filled;
    /** When this connection last began to wait for a request (System.nanoTime): the longest waiting is evicted first. */
    volatile long waitingSince = System.nanoTime();

    ProbeConnection(Socket socket, ProbeView view, Consumer<ProbeConnection> onClose) {
        this.socket = socket;
        this.view = view;
        this.onClose = onClose;
    }

    @Override
    public void run() {
        try (Socket client = socket) {
            client.setTcpNoDelay(true);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            boolean open = true;
            while (open) {
                int end = readHead(client, in);
                if (end == TOO_LARGE) {
                    write(out, 431, "request head over " + MAX_HEAD + " bytes\n", false, false, "");
                }
                if (end < 0) {
                    return;
                }
                open = answer(out, ProbeRequest.parse(head, end));
                System.arraycopy(head, end, head, 0, filled - end); // the start of a pipelined request, if any
                filled -= end;
                waitingSince = System.nanoTime();
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or was evicted to make room: nothing to tell anyone
        } finally {
            Thread.interrupted(); // the agent's threads ignore interrupts (platform socket I/O does too)
            onClose.accept(this);
        }
    }

    /** Closes the connection from another thread; its own thread's read or write then fails and it ends. */
    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    /** Reads until a whole head is buffered; returns where it ends, -1 at a deadline or end of stream, or TOO_LARGE. */
    private int readHead(Socket client, InputStream in) throws IOException {
        long deadline = System.nanoTime() + (filled > 0 ? REQUEST_TIMEOUT_MS : IDLE_TIMEOUT_MS) * 1_000_000L;
        int end;
        int searched = 0;
        while ((end = ProbeRequest.headEnd(head, searched, filled)) < 0) {
            if (filled == MAX_HEAD) {
                return TOO_LARGE;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return -1;
            }
            client.setSoTimeout((int) left);
            int read;
            try {
                read = in.read(head, filled, MAX_HEAD - filled);
            } catch (SocketTimeoutException silent) {
                return -1;
            }
            if (read < 0) {
                return -1;
            }
            if (filled == 0) { // a request has begun: the rest of its head is due soon
                deadline = Math.min(deadline, System.nanoTime() + REQUEST_TIMEOUT_MS * 1_000_000L);
            }
            searched = Math.max(0, filled - 3);
            filled += read;
        }
        return end;
    }

    /** Writes the answer; returns whether the connection stays open for another request. */
    private boolean answer(OutputStream out, ProbeRequest request) throws IOException {
        if (request == null) {
            write(out, 400, "bad request: not an HTTP/1.x request line and headers\n", false, false, "");
            return false;
        }
        if (!request.method.equals("GET") && !request.method.equals("HEAD")) {
            write(out, 405, "method " + request.method + " not allowed: the probes answer GET and HEAD\n", false, false,
                    "Allow: GET, HEAD\r\n");
            return false;
        }
        ProbeResponse response = ProbeResponse.route(view, request.path, request.query);
        write(out, response.status, response.body, request.method.equals("HEAD"), request.keepAlive, "");
        return request.keepAlive;
    }

    /** Headers and body in one write; without the body for HEAD, whose Content-Length is still the body's. */
    private static void write(OutputStream out, int status, String body, boolean headersOnly, boolean keepAlive,
            String extraHeaders) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String headers = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Cache-Control: no-store\r\n"
                + "Content-Length: " + bytes.length + "\r\n"
                + extraHeaders
                + (keepAlive ? "" : "Connection: close\r\n") + "\r\n";
        byte[] headerBytes = headers.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headerBytes.length + (headersOnly ? 0 : bytes.length)];
        System.arraycopy(headerBytes, 0, all, 0, headerBytes.length);
        System.arraycopy(bytes, 0, all, headerBytes.length, all.length - headerBytes.length);
        out.write(all);
        out.flush();
    }

    private static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 400: return "Bad Request";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 431: return "Request Header Fields Too Large";
            default: return "Internal Server Error"; // 500: a probe failed
        }
    }
}
