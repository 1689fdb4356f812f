package io.github.sdwatchdog.probe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.github.sdwatchdog.config.HttpAddress;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/**
 * The probe endpoints on the JDK's built-in HTTP server (module {@code jdk.httpserver}; no dependency).
 * Started from the watchdog thread, off the JVM's startup path; its dispatcher thread inherits that
 * thread's daemon status, so it never holds the JVM up, and answers on that one thread, from what the
 * watchdog already knows.
 */
public final class ProbeServer {
    private final HttpServer server;

    private ProbeServer(HttpServer server) {
        this.server = server;
    }

    /**
     * The JDK's server writes a response's headers and body separately; with Nagle's algorithm on, the body
     * then waits for the client's delayed ACK, and every request after the first on a kept-alive connection
     * takes 40 ms. Its only switch is this property, read once, when the first server in the JVM is made.
     */
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";

    /** Binds and starts; throws IOException (port in use, unknown host) for the caller to report. */
    public static ProbeServer start(HttpAddress address, ProbeView view) throws IOException {
        HttpServer server;
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
            try {
                server = HttpServer.create(new InetSocketAddress(address.host(), address.port()), 64);
            } finally {
                System.clearProperty(NO_DELAY); // the application's view of the properties stays as it was
            }
        } else {
            server = HttpServer.create(new InetSocketAddress(address.host(), address.port()), 64);
        }
        server.createContext("/", new Handler(view));
        server.setExecutor(new Executor() {
            @Override
            public void execute(Runnable command) {
                command.run(); // on the dispatcher thread: every answer is a read of volatile state
            }
        });
        server.start();
        return new ProbeServer(server);
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static final class Handler implements HttpHandler {
        private final ProbeView view;

        Handler(ProbeView view) {
            this.view = view;
        }

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try {
                String path = exchange.getRequestURI().getPath();
                String query = exchange.getRequestURI().getRawQuery();
                boolean verbose = query != null && (query.equals("verbose") || query.startsWith("verbose=")
                        || query.contains("&verbose"));
                ProbeResponse response;
                switch (path) {
                    case "/livez": response = ProbeResponse.livez(view, verbose); break;
                    case "/readyz": response = ProbeResponse.readyz(view, verbose); break;
                    case "/startupz": response = ProbeResponse.startupz(view, verbose); break;
                    case "/":
                        reply(exchange, 200, ProbeResponse.index());
                        return;
                    default:
                        reply(exchange, 404, "not found: " + path + "\n" + ProbeResponse.index());
                        return;
                }
                reply(exchange, response.passed ? 200 : 500, response.body);
            } finally {
                exchange.close();
            }
        }

        private static void reply(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
