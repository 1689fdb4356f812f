package io.github.sdwatchdog.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Latency of the agent's /livez from a local client: N sequential GETs on one keep-alive connection
 * (the JDK's HttpClient), after a warm-up; prints median, p99 and max in ms, and the status codes seen.
 *
 *   java -cp bench/target/benchmarks.jar io.github.sdwatchdog.bench.ProbeLatency PORT [N=10000] [LABEL]
 */
public final class ProbeLatency {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        String label = args.length > 2 ? args[2] : "";
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/livez"))
                .timeout(Duration.ofSeconds(10)).build();
        for (int i = 0; i < 1000; i++) {
            client.send(request, HttpResponse.BodyHandlers.discarding());
        }
        double[] millis = new double[n];
        int ok = 0;
        int failed = 0;
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            int status = client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
            millis[i] = (System.nanoTime() - start) / 1e6;
            if (status == 200) {
                ok++;
            } else {
                failed++;
            }
        }
        Arrays.sort(millis);
        System.out.printf(Locale.ROOT, "| %s | %,d | %.3f | %.3f | %.3f | %d x 200, %d x 500 | %s |%n", label, n,
                millis[n / 2], millis[(int) Math.ceil(n * 0.99) - 1], millis[n - 1], ok, failed,
                millis[(int) Math.ceil(n * 0.99) - 1] <= 5 ? "met" : "MISSED");
    }

    private ProbeLatency() {
    }
}
