package io.github.sdwatchdog.it;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GC death spiral under the default options, on the JVM running the tests: a heap that stays 95% full after
 * every collection (80-99% of the time in GC) loses its pings within a minute of getting there, on G1 and Parallel;
 * busy but healthy heaps (70% full with 40-60% of the time in GC, and fast churn) lose none in a minute, on G1 and
 * Parallel, and on ZGC (JDK 21+), whose concurrent cycles run all the time but are not pauses. Each group runs
 * side by side on small heaps; on 2 cores that also shows the verdict holds while the JVMs starve each other.
 * Slow (about 2.5 minutes): tagged {@code slow}, run by {@code -Dit.excludedGroups=} (.ci/run), not by a plain verify.
 */
@Tag("slow")
class GcSpiralIT {
    static final String APP = "com.example.testapp.";
    static final String OPTIONS = "ready=" + APP + "Server#start,progress=" + APP + "WorkLoop#tick";
    /** The spiral's pings must stop: 8 s, so a stop shows soon. The healthy ones must not: 20 s, a busy machine's margin. */
    static final Duration SPIRAL_WATCHDOG = Duration.ofSeconds(8);
    static final Duration HEALTHY_WATCHDOG = Duration.ofSeconds(20);
    static final Duration GENEROUS = Duration.ofSeconds(90);

    private static AgentProcess start(NotifyReceiver systemd, Duration watchdog, String gc, int heapLive, int httpPort)
            throws IOException {
        return AgentProcess.builder().agent(OPTIONS + ",http=" + httpPort).notifySocket(systemd)
                .env("WATCHDOG_USEC", Long.toString(watchdog.toNanos() / 1000)).jvmArg("-Xmx96m").jvmArg("-XX:+Use" + gc)
                .appArgs("--startup=200ms", "--tick=50ms", "--fault=gc-churn", "--fault-after=500ms",
                        "--heap-live=" + heapLive).start();
    }

    @Test
    void aHeapThatStaysFullLosesItsPingsWithinAMinuteOnG1AndParallel() throws Exception {
        Map<String, NotifyReceiver> receivers = new LinkedHashMap<>();
        List<AgentProcess> apps = new ArrayList<>();
        try {
            int port = 18850;
            for (String gc : List.of("G1GC", "ParallelGC")) {
                NotifyReceiver systemd = NotifyReceiver.abstractNamespace();
                receivers.put(gc, systemd);
                apps.add(start(systemd, SPIRAL_WATCHDOG, gc, 95, port++));
            }
            int i = 0;
            for (Map.Entry<String, NotifyReceiver> entry : receivers.entrySet()) {
                AgentProcess app = apps.get(i++);
                NotifyReceiver systemd = entry.getValue();
                Instant full = AgentProcess.eventTime(app.awaitStdout("heap-live=", GENEROUS));
                awaitNoPingFor(systemd, SPIRAL_WATCHDOG);
                Duration detection = Duration.between(full, lastPing(systemd));
                // Either a check saw the spiral, or checks stopped completing (starved, or out of memory themselves).
                boolean verdict = app.stderrText().contains("GC death spiral: in the last");
                boolean starved = app.stderrText().contains("no fresh verdict")
                        || app.stderrText().contains("no health check has completed");
                System.out.println(entry.getKey() + " at 95%: the last ping " + detection.toMillis() + " ms after the heap "
                        + "was full; " + (verdict ? "the verdict: " + spiralStatus(systemd) : "") + "; probe: "
                        + gcCheck(18850 + i - 1)
                        + (starved ? " checks starved: no fresh verdict" : ""));
                assertTrue(detection.compareTo(Duration.ofSeconds(60)) < 0, entry.getKey() + ": pings went on for "
                        + detection + "\n" + app.stderrText());
                assertTrue(verdict || starved, app.stderrText());
            }
        } finally {
            closeAll(apps, receivers);
        }
    }

    @Test
    void busyButHealthyHeapsLoseNoPingInAMinute() throws Exception {
        Map<String, NotifyReceiver> receivers = new LinkedHashMap<>();
        List<AgentProcess> apps = new ArrayList<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        List<String[]> cases = new ArrayList<>(List.of(new String[] {"G1GC", "70"}, new String[] {"ParallelGC", "70"},
                new String[] {"G1GC", "10"}));
        if (Runtime.version().feature() >= 21) {
            cases.add(new String[] {"ZGC", "70"});
        }
        try {
            int port = 18860;
            for (String[] c : cases) {
                String name = c[0] + " at " + c[1] + "%";
                NotifyReceiver systemd = NotifyReceiver.abstractNamespace();
                receivers.put(name, systemd);
                ports.put(name, port);
                apps.add(start(systemd, HEALTHY_WATCHDOG, c[0], Integer.parseInt(c[1]), port++));
            }
            List<Instant> full = new ArrayList<>();
            for (AgentProcess app : apps) {
                full.add(AgentProcess.eventTime(app.awaitStdout("heap-live=", GENEROUS)));
            }
            Instant until = full.stream().max(Instant::compareTo).orElseThrow().plusSeconds(60);
            while (Instant.now().isBefore(until)) {
                Thread.sleep(500); // watching for a minute: the pings must go on through all of it
            }
            int i = 0;
            for (Map.Entry<String, NotifyReceiver> entry : receivers.entrySet()) {
                String name = entry.getKey();
                AgentProcess app = apps.get(i);
                long maxGap = maxPingGapMillis(entry.getValue(), full.get(i++), until);
                String gcLine = gcCheck(ports.get(name));
                System.out.println(name + ": longest ping gap " + maxGap + " ms in the minute; " + gcLine
                        + warnings(app));
                assertTrue(maxGap < HEALTHY_WATCHDOG.toMillis(), name + ": a gap of " + maxGap + " ms reached WatchdogSec\n"
                        + app.stderrText());
                assertTrue(entry.getValue().received().stream().noneMatch(d -> d.text.contains("UNHEALTHY")),
                        name + ": " + entry.getValue().received());
            }
        } finally {
            closeAll(apps, receivers);
        }
    }

    /** The agent's warnings and errors, if any: a pause or a stale verdict explains a long gap. */
    private static String warnings(AgentProcess app) {
        StringBuilder lines = new StringBuilder();
        for (AgentProcess.Line line : app.stderr()) {
            if (line.text.startsWith("<3>") || line.text.startsWith("<4>")) {
                lines.append("\n  ").append(line.read).append(' ').append(line.text);
            }
        }
        return lines.toString();
    }

    private static String spiralStatus(NotifyReceiver systemd) {
        for (NotifyReceiver.Datagram d : systemd.received()) {
            if (d.text.contains("GC spiral")) {
                return d.text.replace("\n", " | ");
            }
        }
        return "(no STATUS= says it)";
    }

    private static long maxPingGapMillis(NotifyReceiver systemd, Instant from, Instant until) {
        Instant previous = from;
        long max = 0;
        for (NotifyReceiver.Datagram d : systemd.receivedWith("WATCHDOG=1")) {
            if (d.arrived.isAfter(from) && d.arrived.isBefore(until)) {
                max = Math.max(max, Duration.between(previous, d.arrived).toMillis());
                previous = d.arrived;
            }
        }
        return Math.max(max, Duration.between(previous, until).toMillis());
    }

    private static Instant lastPing(NotifyReceiver systemd) {
        List<NotifyReceiver.Datagram> pings = systemd.receivedWith("WATCHDOG=1");
        return pings.isEmpty() ? Instant.MIN : pings.get(pings.size() - 1).arrived;
    }

    private static void awaitNoPingFor(NotifyReceiver systemd, Duration quiet) throws InterruptedException {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (System.nanoTime() < deadline) {
            if (Duration.between(lastPing(systemd), Instant.now()).compareTo(quiet) > 0) {
                return;
            }
            Thread.sleep(200); // polling for a condition, with a deadline
        }
        throw new AssertionError("pings never stopped: " + systemd.received());
    }

    /** The probe's gc line: what the agent saw the GC do (for the log; the pings are what is asserted). */
    private static String gcCheck(int port) {
        try {
            HttpURLConnection livez = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/livez?verbose")
                    .openConnection();
            livez.setConnectTimeout(5000); // a JVM deep in its spiral may never answer
            livez.setReadTimeout(5000);
            try (InputStream in = livez.getResponseCode() < 400 ? livez.getInputStream() : livez.getErrorStream()) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (line.contains("gc ")) {
                        return livez.getResponseCode() + " " + line;
                    }
                }
            }
            return "(no gc line)";
        } catch (IOException e) {
            return "(probe: " + e + ")";
        }
    }

    private static void closeAll(List<AgentProcess> apps, Map<String, NotifyReceiver> receivers) throws Exception {
        for (AgentProcess app : apps) {
            app.close();
        }
        for (NotifyReceiver receiver : receivers.values()) {
            receiver.close();
        }
    }
}
