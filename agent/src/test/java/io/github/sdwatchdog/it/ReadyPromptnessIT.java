package io.github.sdwatchdog.it;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * READY is prompt. The strict figures (READY at most 100 ms after the agentless JVM reaches the startup
 * method) are bench/ready.sh's, measured side by side on a quiet machine; these tests run on a shared one,
 * so they check the mechanisms, with bounds loose enough for a loaded 2-core machine (the launch bound
 * only catches gross regressions, such as JNA loaded twice or JMX before READY).
 */
@Tag("slow") // timing against a bound, as bench/ready.sh measures it: the CI tier runs it
class ReadyPromptnessIT {
    static final Duration GENEROUS = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void withThirtyTwoBusyThreadsReadyIsSentByTheReturningThreadAtOnce() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent("ready=com.example.testapp.Server#start").notifySocket(systemd)
                     .appArgs("--startup=1s", "--busy=32").start()) {
            NotifyReceiver.Datagram ready = systemd.awaitLine("READY=1", GENEROUS);
            Instant returned = AgentProcess.eventTime(app.awaitStdout("startup-returns", GENEROUS));
            long millis = Duration.between(returned, ready.arrived).toMillis();
            System.out.println("READY with 32 busy threads: " + millis + " ms after the startup method returned");
            assertTrue(millis <= 300, "READY " + millis + " ms after the return, target 300 ms");
            // Usually sent by the returning thread itself; on a machine too busy to load the native layer within the
            // 1 s startup, by another agent thread once it is. The bound above is what matters; the line says which.
            String said = app.awaitStderr("sent READY=1", GENEROUS).text;
            System.out.println("READY with 32 busy threads: " + said);
            assertTrue(said.contains("after com.example.testapp.Server#start returned"), said);
        }
    }

    @Test
    void aStartupMethodThatReturnsAtOnceGetsReadySoonAfterTheAgentlessJvmWouldHaveReachedIt() throws Exception {
        List<Long> plain = new ArrayList<>();
        List<Long> agent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Instant launch = Instant.now();
            try (AgentProcess app = AgentProcess.builder().appArgs("--startup=0ms", "--fault=exit", "--fault-after=300ms",
                    "--exit-code=0").start()) {
                plain.add(Duration.between(launch, AgentProcess.eventTime(app.awaitStdout("startup-begins", GENEROUS))).toMillis());
                app.awaitExit(GENEROUS);
            }
            try (NotifyReceiver systemd = NotifyReceiver.atPath(dir)) {
                launch = Instant.now();
                try (AgentProcess app = AgentProcess.builder().agent("ready=com.example.testapp.Server#start").notifySocket(systemd)
                        .appArgs("--startup=0ms", "--fault=exit", "--fault-after=300ms", "--exit-code=0").start()) {
                    agent.add(Duration.between(launch, systemd.awaitLine("READY=1", GENEROUS).arrived).toMillis());
                    app.awaitExit(GENEROUS);
                }
            }
        }
        long added = median(agent) - median(plain);
        System.out.println("launch -> method, no agent: " + plain + " ms; launch -> READY, agent: " + agent
                + " ms; medians differ by " + added + " ms (target 100 ms, bench/ready.sh)");
        long bound = Math.max(400, 3 * median(plain)); // a loaded machine slows both; this catches regressions only
        assertTrue(added <= bound, "READY " + added + " ms after the agentless JVM reached the method (bound "
                + bound + " ms): a regression");
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
