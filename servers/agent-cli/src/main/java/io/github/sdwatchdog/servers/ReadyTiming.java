package io.github.sdwatchdog.servers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * When READY=1 came against when a URL began to answer 2xx, for one start of a service with the agent: a
 * notify socket read by the agent's own {@code listen}, and a GET every 10 ms. READY is early only if it came
 * before the last refused GET began; it is late if it came more than a second after the first 2xx answer.
 */
public final class ReadyTiming {
    public final long readyNanos;
    public final long lastRefusalStartNanos;
    public final long firstAnswerNanos;

    private ReadyTiming(long readyNanos, long lastRefusalStartNanos, long firstAnswerNanos) {
        this.readyNanos = readyNanos;
        this.lastRefusalStartNanos = lastRefusalStartNanos;
        this.firstAnswerNanos = firstAnswerNanos;
    }

    /** Starts the service (whose environment gets NOTIFY_SOCKET) and measures; ends it by its PID. */
    public static ReadyTiming of(ProcessBuilder service, Path socket, String url) throws Exception {
        Process listen = new ProcessBuilder(AgentCli.JAVA, "-jar", AgentCli.JAR.toString(), "listen", socket.toString())
                .redirectErrorStream(true).start();
        List<Long> ready = new ArrayList<>();
        Thread reader = new Thread(() -> readReady(listen, ready));
        reader.setDaemon(true);
        reader.start();
        Process process = null;
        try {
            long listening = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (!Files.exists(socket)) { // listen binds it
                if (System.nanoTime() - listening > 0) {
                    throw new AssertionError("listen did not bind " + socket);
                }
                Thread.sleep(20);
            }
            service.environment().put("NOTIFY_SOCKET", socket.toString());
            process = service.start();
            long lastRefusalStart = System.nanoTime();
            long deadline = lastRefusalStart + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() - deadline < 0) {
                long start = System.nanoTime();
                if (answers2xx(url)) {
                    long answered = System.nanoTime();
                    synchronized (ready) {
                        if (ready.isEmpty()) {
                            ready.wait(10_000);
                        }
                        return new ReadyTiming(ready.isEmpty() ? Long.MAX_VALUE : ready.get(0), lastRefusalStart, answered);
                    }
                }
                lastRefusalStart = start;
                Thread.sleep(10);
            }
            throw new AssertionError(url + " never answered 2xx");
        } finally {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            listen.destroy();
        }
    }

    private static void readReady(Process listen, List<Long> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(listen.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (ready) {
                    if (line.contains("READY=1") && ready.isEmpty()) {
                        ready.add(System.nanoTime());
                    }
                    ready.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // listen ended
        }
    }

    private static boolean answers2xx(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(3000);
            int status = connection.getResponseCode();
            connection.disconnect();
            return status >= 200 && status < 300;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return String.format("READY %.3f s after the first 2xx answer, %.3f s after the last refused GET began",
                (readyNanos - firstAnswerNanos) / 1e9, (readyNanos - lastRefusalStartNanos) / 1e9);
    }
}
