package suggestfixture;

import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * {@code LateServer --port=N [--startup-ms=1500] [--after-serving-ms=0]}: a service that listens at once and
 * serves late, as servers that bind their port before they deploy: GET /health answers 503 until startup is
 * done, then 200. Its startup ({@link Startup#start}) has the traps suggest --ready-url must not fall into.
 */
public final class LateServer {
    public static void main(String[] args) throws Exception {
        int port = 0;
        long startupMs = 1500;
        long afterServingMs = 0;
        for (String arg : args) {
            if (arg.startsWith("--port=")) {
                port = Integer.parseInt(arg.substring(7));
            } else if (arg.startsWith("--startup-ms=")) {
                startupMs = Long.parseLong(arg.substring(13));
            } else if (arg.startsWith("--after-serving-ms=")) {
                afterServingMs = Long.parseLong(arg.substring(19));
            } else {
                throw new IllegalArgumentException(arg);
            }
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        http.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(Startup.serving ? 200 : 503, -1);
            exchange.close();
        });
        http.setExecutor(Executors.newFixedThreadPool(2));
        http.start();
        System.out.println("listening on " + http.getAddress().getPort());
        System.out.flush();
        new Startup().start(startupMs, afterServingMs);
        System.out.println("startup returned");
        System.out.flush();
        new CountDownLatch(1).await(); // main waits for ever, as a server's main does
    }

    private LateServer() {
    }
}
