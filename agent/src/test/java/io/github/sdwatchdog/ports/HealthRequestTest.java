package io.github.sdwatchdog.ports;

import io.github.sdwatchdog.config.OptionsParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One GET of a health URL against a server that answers what each test scripts, byte for byte. */
class HealthRequestTest {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    private final CompletableFuture<String> received = new CompletableFuture<>();

    HealthRequestTest() throws IOException {
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    @Test
    void sendsAPlainGetWithHostAndCloseAndReadsTheStatus() throws Exception {
        answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", true);
        assertEquals(200, request("/health/ready?x=1", 5000).status());
        assertEquals("GET /health/ready?x=1 HTTP/1.1\r\nHost: 127.0.0.1:" + server.getLocalPort()
                + "\r\nUser-Agent: sd-watchdog\r\nAccept: */*\r\nConnection: close\r\n\r\n", received.get(10, TimeUnit.SECONDS));
    }

    @Test
    void anyStatusIsReportedWithOrWithoutAReasonPhrase() throws Exception {
        answer("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 8\r\n\r\nstarting", true);
        assertEquals(503, request("/", 5000).status());
        answer("HTTP/1.0 204\r\n\r\n", true);
        assertEquals(204, request("/", 5000).status());
    }

    @Test
    void somethingOtherThanHttpIsNamed() throws Exception {
        answer("SSH-2.0-OpenSSH_9.2\r\n", true);
        IOException e = assertThrows(IOException.class, () -> request("/", 5000).status());
        assertEquals("answered with something other than HTTP: 'SSH-2.0-OpenSSH_9.2'", e.getMessage());
        answer("HTTP/1.1 2x0 OK\r\n\r\n", true);
        assertThrows(IOException.class, () -> request("/", 5000).status());
    }

    @Test
    void aConnectionClosedWithoutAnAnswerIsSaidSo() throws Exception {
        answer("", true);
        IOException e = assertThrows(IOException.class, () -> request("/", 5000).status());
        assertEquals("closed the connection without an answer", e.getMessage());
    }

    @Test
    void nothingListeningIsARefusedConnection() throws Exception {
        int port = server.getLocalPort();
        server.close();
        assertThrows(ConnectException.class, () -> new HealthRequest(OptionsParser.parse("ready=http:" + port)
                .readyUrl().orElseThrow(), 5000).status());
    }

    @Test
    void aServerThatAcceptsButNeverAnswersTimesOut() throws Exception {
        long start = System.nanoTime();
        assertThrows(SocketTimeoutException.class, () -> request("/", 300).status()); // the kernel accepts; nobody reads
        assertTrue(System.nanoTime() - start >= 300_000_000L);
    }

    @Test
    void aLongBodyOrAConnectionKeptOpenEndsTheExchangeSoon() throws Exception {
        answer("HTTP/1.1 200 OK\r\nContent-Length: 300000\r\n\r\n" + "x".repeat(300_000), true);
        assertEquals(200, request("/", 60_000).status()); // read up to the drain limit, then closed
        answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false);
        long start = System.nanoTime();
        assertEquals(200, request("/", 60_000).status());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 30_000, "a server that ignored Connection: close held the request " + millis + " ms");
    }

    private HealthRequest request(String path, int timeoutMillis) throws Exception {
        return new HealthRequest(OptionsParser.parse("ready=http:" + server.getLocalPort() + path).readyUrl().orElseThrow(),
                timeoutMillis);
    }

    /** Accepts one connection on a thread of its own, reads the request head, writes the answer, closes if told. */
    private void answer(String response, boolean close) {
        Thread thread = new Thread(() -> {
            try {
                Socket socket = server.accept();
                InputStream in = socket.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    head.append((char) b);
                }
                received.complete(head.toString());
                OutputStream out = socket.getOutputStream();
                out.write(response.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (close) {
                    socket.close();
                } // else: left open, as a server that ignores Connection: close would
            } catch (IOException e) {
                received.completeExceptionally(e);
            }
        }, "scripted-server");
        thread.setDaemon(true);
        thread.start();
    }
}
