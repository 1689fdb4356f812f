package io.github.sdwatchdog.suggestfixtures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * suggest --ready-url, started with a service that listens at once and serves late (LateServer): it names the
 * method whose return is the service beginning to serve, never one that returned before (the configuration
 * load, a deploy of a series, the lifecycle method everything goes through), and READY from that method comes
 * after the service serves.
 */
class ReadyUrlIT {
    /** Long enough that the watch is attached well before it serves on a loaded machine. */
    static final String STARTUP = "--startup-ms=8000";

    @TempDir
    Path dir;

    private static String watchStart(int port, String... serverArgs) throws Exception {
        try (Jvm server = Jvm.fixture("suggestfixture.LateServer", concat("--port=" + port, serverArgs));
             Jvm suggest = Jvm.agent("suggest", Long.toString(server.pid()), "--ready-url=http://127.0.0.1:" + port + "/health")) {
            int exit = suggest.exit(Jvm.GENEROUS);
            String out = suggest.output();
            System.out.println(out);
            assertEquals(0, exit, out + "\nservice:\n" + server.output());
            return out;
        }
    }

    @Test
    void namesTheStartupMethodThatReturnsAsItBeginsToServe() throws Exception {
        String out = watchStart(18401, STARTUP);
        assertTrue(out.contains("\nready method: ready=suggestfixture.Startup#start\n"), out);
        assertTrue(out.contains("check 'ready=suggestfixture.Startup#start'"), out);
        assertFalse(out.contains("loadConfiguration"), out);
        assertFalse(out.contains("ready=suggestfixture.Startup$Lifecycle#start"), out);
    }

    @Test
    void whenStartupGoesOnAfterServingTheCallAroundTheLastDeployIsNamed() throws Exception {
        String out = watchStart(18402, STARTUP, "--after-serving-ms=400");
        assertTrue(out.contains("\nready method: ready=suggestfixture.Startup#start\n"), out);
        assertFalse(out.contains("ready method: ready=suggestfixture.Startup$Deployer#deploy"), out);
    }

    @Test
    void theNamedMethodGivesReadyAfterTheServiceServesAndWithinASecond() throws Exception {
        Path socket = dir.resolve("notify.sock");
        try (Jvm systemd = Jvm.agent("listen", socket.toString())) {
            systemd.await("listening on NOTIFY_SOCKET=", Jvm.GENEROUS);
            try (Jvm server = Jvm.fixture(Map.of("NOTIFY_SOCKET", socket.toString()),
                    List.of("-javaagent:" + Jvm.AGENT_JAR + "=ready=suggestfixture.Startup#start"),
                    "suggestfixture.LateServer", "--port=18403", "--startup-ms=2000")) {
                // Both processes stamp the time themselves (LocalTime, one clock): pipes may deliver the lines in either order.
                LocalTime serving = LocalTime.parse(server.await("serving since ", Jvm.GENEROUS).text.substring(14));
                LocalTime ready = LocalTime.parse(systemd.await("READY=1", Jvm.GENEROUS).text.split(" ")[0]);
                double after = Duration.between(serving, ready).toNanos() / 1e9;
                System.out.printf("READY %.3f s after the service began to serve%n", after);
                assertTrue(after > 0 && after < 1, after + " s");
            }
        }
    }

    @Test
    void startedTooLateItSaysSoAndNamesNothing() throws Exception {
        try (Jvm server = Jvm.fixture("suggestfixture.LateServer", "--port=18404", "--startup-ms=100")) {
            server.await("startup returned", Jvm.GENEROUS);
            try (Jvm suggest = Jvm.agent("suggest", Long.toString(server.pid()), "--ready-url=http://127.0.0.1:18404/health")) {
                assertEquals(4, suggest.exit(Jvm.GENEROUS), suggest.output());
                // "already served at the first look"; on a loaded machine whose first polls time out, "none" all the same
                assertTrue(suggest.output().contains("ready method: none\n"), suggest.output());
            }
        }
    }

    @Test
    void aUrlThatNeverAnswersEndsAtTheTimeout() throws Exception {
        int nobody;
        try (ServerSocket free = new ServerSocket(0)) {
            nobody = free.getLocalPort();
        }
        try (Jvm server = Jvm.fixture("suggestfixture.LateServer", "--port=18405", "--startup-ms=100");
             Jvm suggest = Jvm.agent("suggest", Long.toString(server.pid()), "--ready-url=http://127.0.0.1:" + nobody + "/",
                     "--timeout=5")) {
            assertEquals(3, suggest.exit(Duration.ofSeconds(60)), suggest.output());
            assertTrue(suggest.output().contains("did not answer 2xx within 5 s (last answer: ConnectException"), suggest.output());
        }
    }

    private static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
