package io.github.sdwatchdog.it;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Observe mode ({@code on-unhealthy=log}): a hang is reported exactly as under withhold (the report, STATUS=, the
 * probes' failed line), but the pings go on and the probes pass, with a marker that nothing was acted on; the point's
 * quiet time is logged as it grows.
 */
class ObserveModeIT {
    static final String APP = "com.example.testapp.";
    static final Duration GENEROUS = Duration.ofSeconds(60);
    static final int PORT = 18820;

    @Test
    void aHangIsReportedAndThePingsGoOn() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.abstractNamespace();
             AgentProcess app = AgentProcess.builder().agent("ready=" + APP + "Server#start,progress=" + APP
                             + "WorkLoop#tick,stall=2s,on-unhealthy=log,http=" + PORT)
                     .notifySocket(systemd).env("WATCHDOG_USEC", "2000000")
                     .appArgs("--startup=200ms", "--tick=50ms", "--fault=hang", "--fault-after=1s").start()) {
            app.awaitStderr("is stuck", GENEROUS);
            NotifyReceiver.Datagram status = systemd.await(d -> d.text.contains("STATUS=UNHEALTHY"), GENEROUS,
                    "saying the hang");
            assertTrue(status.text.contains("stuck: no call begun for") && status.text.contains(
                    "observe mode (on-unhealthy=log): nothing done, pings go on; withhold would stop them"), status.text);
            Instant reported = status.arrived;
            systemd.awaitCount(d -> d.hasLine("WATCHDOG=1") && d.arrived.isAfter(reported.plusSeconds(5)), 1, GENEROUS,
                    "with WATCHDOG=1 5 s after the report");
            long maxGap = maxGapMillis(systemd, reported.minusSeconds(1));
            System.out.println("observe mode: longest ping gap around and after the report " + maxGap + " ms");
            assertTrue(maxGap < 2000, "a gap of " + maxGap + " ms reached WatchdogSec=2s: " + systemd.received());

            HttpURLConnection livez = (HttpURLConnection) new URL("http://127.0.0.1:" + PORT + "/livez").openConnection();
            String body;
            try (InputStream in = livez.getInputStream()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertEquals(200, livez.getResponseCode(), body);
            assertTrue(body.contains("[-]progress:" + APP + "WorkLoop#tick failed: " + APP + "WorkLoop#tick stuck"), body);
            assertTrue(body.contains("[+]on-unhealthy ok: log (observe mode): a failure above is reported, not acted on"),
                    body);
            assertTrue(app.stderrText().contains("observe mode: " + APP + "WorkLoop#tick was quiet for"), app.stderrText());
        }
    }

    private static long maxGapMillis(NotifyReceiver systemd, Instant from) {
        List<Instant> pings = new ArrayList<>();
        for (NotifyReceiver.Datagram d : systemd.receivedWith("WATCHDOG=1")) {
            if (d.arrived.isAfter(from)) {
                pings.add(d.arrived);
            }
        }
        long max = 0;
        for (int i = 1; i < pings.size(); i++) {
            max = Math.max(max, Duration.between(pings.get(i - 1), pings.get(i)).toMillis());
        }
        return max;
    }
}
