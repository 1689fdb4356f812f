package io.github.sdwatchdog.probe;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.OptionsParser;
import io.github.sdwatchdog.health.Health;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probe server's HTTP and its limits, in process, against a view that is always ready and before its first check. */
class ProbeServerTest {
    private static final String LIVEZ = "GET /livez HTTP/1.1\r\nHost: probe\r\n\r\n";
    private static final String LIVEZ_BODY = "ok\n";

    private ProbeServer server;

    @BeforeEach
    void start() throws Exception {
        int freePort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = probe.getLocalPort();
        }
        AgentConfig config = OptionsParser.parse("ready=a.B#c,http=127.0.0.1:" + freePort);
        server = ProbeServer.start(config.http().get(), new ReadyView());
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static String readResponse(InputStream in) throws IOException {
        return readResponse(in, false);
    }

    /** Reads one response: its head, then (unless it answers a HEAD) as many body bytes as Content-Length says. */
    private static String readResponse(InputStream in, boolean toHead) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int contentLength = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return bytes.toString(StandardCharsets.ISO_8859_1);
            }
            bytes.write(b);
            String text = bytes.toString(StandardCharsets.ISO_8859_1);
            if (contentLength < 0 && text.endsWith("\r\n\r\n")) {
                int at = text.indexOf("Content-Length: ");
                contentLength = Integer.parseInt(text.substring(at + 16, text.indexOf('\r', at)));
                bytes.write(in.readNBytes(toHead ? 0 : contentLength));
                return bytes.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void keptAliveAndPipelinedRequestsAreEachAnswered() throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(LIVEZ.getBytes(StandardCharsets.US_ASCII));
            String first = readResponse(socket.getInputStream());
            assertTrue(first.startsWith("HTTP/1.1 200 OK\r\n") && !first.contains("Connection: close"), first);
            assertEquals(LIVEZ_BODY, body(first));
            out.write((LIVEZ + "GET /startupz?verbose HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals(LIVEZ_BODY, body(readResponse(socket.getInputStream())));
            String last = readResponse(socket.getInputStream());
            assertTrue(last.contains("Connection: close\r\n") && body(last).equals("[+]ready ok\nstartupz check passed\n"), last);
            assertEquals(-1, socket.getInputStream().read(), "closed as asked");
        }
    }

    @Test
    void headGetsTheHeadersOfGetAndNoBody() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("HEAD /livez HTTP/1.1\r\nHost: probe\r\n\r\nGET /livez HTTP/1.1\r\nHost: probe\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String head = readResponse(socket.getInputStream(), true);
            assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n") && head.contains("Content-Length: 3\r\n") && head.endsWith("\r\n\r\n"), head);
            assertEquals(LIVEZ_BODY, body(readResponse(socket.getInputStream())), "the next response starts right after HEAD's headers");
        }
    }

    @Test
    void otherMethodsGet405AndTheConnectionCloses() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("POST /livez HTTP/1.1\r\nHost: probe\r\nContent-Length: 4\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII));
            String response = readResponse(socket.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 405 Method Not Allowed\r\n") && response.contains("Allow: GET, HEAD\r\n")
                    && response.contains("Connection: close\r\n"), response);
            assertEquals(-1, socket.getInputStream().read(), "its body is never read as a request");
        }
    }

    @Test
    void absoluteFormHttp10AndUnknownPaths() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET http://probe:8558/readyz HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = readResponse(socket.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n") && response.contains("Connection: close\r\n"), response);
        }
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = readResponse(socket.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 404 Not Found\r\n") && body(response).startsWith("not found: /healthz\n"), response);
        }
    }

    @Test
    void malformedAndOversizedHeadsAreRefused() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("HELLO\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(readResponse(socket.getInputStream()).startsWith("HTTP/1.1 400 Bad Request\r\n"));
        }
        try (Socket socket = connect()) {
            StringBuilder huge = new StringBuilder("GET /livez HTTP/1.1\r\n");
            while (huge.length() <= ProbeConnection.MAX_HEAD) {
                huge.append("X-Filler: 0123456789012345678901234567890123456789\r\n");
            }
            socket.getOutputStream().write(huge.toString().getBytes(StandardCharsets.US_ASCII));
            assertTrue(readResponse(socket.getInputStream()).startsWith("HTTP/1.1 431 "));
        }
    }

    /** A client that trickles its head a byte at a time is closed at the request deadline, not kept for ever. */
    @Test
    void aTricklingClientIsClosedAtTheRequestDeadline() throws Exception {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            boolean closed = false;
            for (byte b : LIVEZ.getBytes(StandardCharsets.US_ASCII)) {
                try {
                    out.write(b);
                    socket.setSoTimeout(400);
                    closed = socket.getInputStream().read() < 0;
                } catch (SocketTimeoutException stillOpen) {
                    continue;
                } catch (IOException reset) {
                    closed = true;
                }
                if (closed) {
                    break;
                }
            }
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(closed, "the head was never complete, yet the connection stayed open");
            assertTrue(tookMs >= ProbeConnection.REQUEST_TIMEOUT_MS - 100, tookMs + " ms");
        }
    }

    /** Silent connections up to the limit and beyond: a probe is still answered, at once. */
    @Test
    void silentClientsBeyondTheLimitDoNotCrowdOutAProbe() throws IOException {
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < ProbeServer.MAX_CONNECTIONS + 10; i++) {
                Socket socket = connect();
                socket.getOutputStream().write('G');
                silent.add(socket);
            }
            try (Socket probe = connect()) {
                probe.setSoTimeout(1_000);
                probe.getOutputStream().write(LIVEZ.getBytes(StandardCharsets.US_ASCII));
                assertEquals(LIVEZ_BODY, body(readResponse(probe.getInputStream())));
            }
            assertEquals(-1, silent.get(0).getInputStream().read(), "the longest waiting was closed to make room");
        } finally {
            for (Socket socket : silent) {
                socket.close();
            }
        }
    }

    private static final class ReadyView implements ProbeView {
        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public long readyAtEpochMillis() {
            return 0;
        }

        @Override
        public String waitingFor() {
            return "";
        }

        @Override
        public Health latest() {
            return null;
        }

        @Override
        public String staleness() {
            return null;
        }

        @Override
        public String lastReport() {
            return null;
        }

        @Override
        public List<String> pointCounts() {
            return List.of();
        }

        @Override
        public boolean observing() {
            return false;
        }
    }
}
