package io.github.sdwatchdog.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static io.github.sdwatchdog.it.VerdictIT.APP;
import static io.github.sdwatchdog.it.VerdictIT.GENEROUS;
import static io.github.sdwatchdog.it.VerdictIT.SLACK;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A virtual thread stuck inside a progress point is found however many later calls came: 3,000 short calls,
 * each in a new virtual thread, reuse every counter stripe and replace the stuck thread's last-thread hint.
 */
class VirtualCrowdIT {
    @TempDir
    Path dir;

    @Test
    void aStuckVirtualThreadIsFoundAfterThreeThousandLaterCalls() throws Exception {
        assumeTrue(VerdictIT.atLeast(21), "virtual threads need JDK 21+");
        String options = "ready=" + APP + "Server#start,progress=" + APP + "WorkLoop#tick,progress=" + APP
                + "Requests#handle,stall=2s,deadlock-check=1s";
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = VerdictIT.start(systemd, options, "1000000", "--fault=crowded-virtual-hang",
                     "--crowd=3000", "--fault-after=1s")) {
            Instant crowdDone = AgentProcess.eventTime(app.awaitStdout("crowd-done calls=3000", GENEROUS));
            app.awaitStderr("progress point " + APP + "Requests#handle is stuck", GENEROUS);
            Duration detection = Duration.between(crowdDone, VerdictIT.lastPing(systemd));
            System.out.println("stuck virtual thread after 3,000 later calls: last ping " + detection.toMillis()
                    + " ms after the last call");
            assertTrue(detection.compareTo(Duration.ofSeconds(2).plus(SLACK)) < 0, "pings went on " + detection);
            VerdictIT.awaitPingsStopped(systemd, Duration.ofSeconds(3));
            String stderr = app.stderrText();
            assertTrue(stderr.contains("virtual thread \"stuck-request\""), stderr);
            assertTrue(stderr.contains("com.example.testapp.Requests.handle(Requests.java"), stderr);
            assertTrue(stderr.contains("<-- progress point"), stderr);
        }
    }
}
