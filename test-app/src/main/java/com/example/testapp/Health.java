package com.example.testapp;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * {@code --health=PORT}: a health URL, {@code /health/ready} on 127.0.0.1, bound before startup as servers that listen
 * before they serve do. It answers 503 until the startup method has returned, then 200; other paths 404. Prints
 * {@code health-serving} as it turns and {@code health-answered status=N} for each answer, so tests can tell when
 * the URL first answered 2xx.
 */
final class Health {
    static final String PATH = "/health/ready";
    private static volatile boolean serving;

    static void start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 50);
        server.createContext("/", exchange -> {
            int status = !exchange.getRequestURI().getPath().equals(PATH) ? 404 : serving ? 200 : 503;
            byte[] body = (status == 200 ? "ready" : status == 503 ? "starting" : "not found").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            TestApp.event("health-answered status=" + status);
        });
        server.start();
        TestApp.event("health-listening port=" + port);
    }

    /** Called once the startup method has returned. */
    static void serving() {
        TestApp.event("health-serving");
        serving = true;
    }

    private Health() {
    }
}
