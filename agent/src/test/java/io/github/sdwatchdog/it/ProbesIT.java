package io.github.sdwatchdog.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verdict beyond systemd: the probe endpoints through a real HTTP client, on-unhealthy=exit, the
 * agent active without a notify socket, and the MBean through a real JMX connection.
 */
class ProbesIT {
    static final String APP = "com.example.testapp.";
    static final String OPTIONS = "ready=" + APP + "Server#start,progress=" + APP + "WorkLoop#tick,stall=2s,deadlock-check=1s";
    static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls GET path until the answer matches, with a deadline; returns it. */
    private HttpResponse<String> await(int port, String path, Predicate<HttpResponse<String>> until, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = get(port, path);
                if (until.test(response)) {
                    return response;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(100); // polling for a condition, with a deadline
        }
        throw new AssertionError(path + " never " + what + "; last: " + last);
    }

    private static Predicate<HttpResponse<String>> status(int code) {
        return r -> r.statusCode() == code;
    }

    @Test
    void everyEndpointBeforeReadyHealthyStuckAndRecoveredUnderSystemd() throws Exception {
        int port = freePort();
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent(OPTIONS + ",http=" + port).notifySocket(systemd)
                     .env("WATCHDOG_USEC", "1000000")
                     .appArgs("--startup=8s", "--tick=50ms", "--fault=slow-tick", "--slow-tick=6s", "--fault-after=3s").start()) {
            // Before READY: started? no. ready? no. alive? yes: startup is the startup probe's business.
            HttpResponse<String> startup = await(port, "/startupz?verbose", status(500), "answered before READY");
            assertTrue(systemd.receivedWith("READY=1").isEmpty(), "READY came before the first probe answer");
            // "to return" until the first startup sample, then "entered 1 s ago on thread main"
            assertTrue(startup.body().contains("[-]ready failed: waiting for " + APP + "Server#start"), startup.body());
            assertTrue(startup.body().endsWith("startupz check failed\n"), startup.body());
            assertEquals(500, get(port, "/readyz").statusCode());
            HttpResponse<String> alive = get(port, "/livez?verbose");
            assertEquals(200, alive.statusCode(), alive.body());
            assertTrue(alive.body().contains("[+]watchdog ok: starting"), alive.body());

            // Ready and healthy.
            systemd.awaitLine("READY=1", GENEROUS);
            HttpResponse<String> ready = await(port, "/readyz?verbose",
                    r -> r.statusCode() == 200 && r.body().contains("[+]checks-complete ok"), "turned ready after a check");
            assertTrue(ready.body().contains("[+]ready ok"), ready.body());
            assertTrue(ready.body().contains("[+]progress:" + APP + "WorkLoop#tick ok"), ready.body());
            assertTrue(ready.body().contains("[+]deadlock ok: none found"), ready.body());
            assertTrue(ready.body().contains("[+]gc ok: pauses "), ready.body());
            assertTrue(ready.body().contains("[+]checks-complete ok"), ready.body());
            assertTrue(ready.body().endsWith("readyz check passed\n"), ready.body());
            assertEquals("ok\n", get(port, "/livez").body());
            assertEquals(200, get(port, "/startupz").statusCode());

            // Stuck: a 6 s tick at stall=2s.
            HttpResponse<String> stuck = await(port, "/livez", status(500), "failed while stuck");
            assertTrue(stuck.body().contains("[-]progress:" + APP + "WorkLoop#tick failed: " + APP + "WorkLoop#tick stuck: no call begun for"),
                    stuck.body());
            assertTrue(stuck.body().endsWith("livez check failed\n"), stuck.body());
            assertEquals(500, get(port, "/readyz").statusCode());
            assertEquals(200, get(port, "/startupz").statusCode(), "started stays started");

            // Recovered: the tick ends.
            await(port, "/livez", status(200), "recovered");
            assertEquals(200, get(port, "/readyz").statusCode());

            HttpResponse<String> index = get(port, "/");
            assertEquals(200, index.statusCode());
            assertTrue(index.body().contains("/livez") && index.body().contains("/readyz") && index.body().contains("/startupz"));
            assertEquals(404, get(port, "/healthz").statusCode());
        }
    }

    /**
     * Issue 17: one client that sent a byte and then nothing blocked every probe answer (the JDK server's one
     * dispatcher thread read with no timeout). Silent clients are kept connected throughout, reconnecting as the
     * server closes them, while /livez is asked on fresh connections, as kubelet does, each with 1 s to answer.
     */
    @Test
    void oneSilentClientBlocksNoProbe() throws Exception {
        assertProbesAnsweredBeside(1);
    }

    @Test
    void fiftySilentClientsBlockNoProbe() throws Exception {
        assertProbesAnsweredBeside(50);
    }

    private void assertProbesAnsweredBeside(int silentClients) throws Exception {
        int port = freePort();
        try (AgentProcess app = AgentProcess.builder().agent(OPTIONS + ",http=" + port)
                .appArgs("--startup=200ms", "--tick=50ms").start()) {
            await(port, "/readyz", status(200), "turned ready");
            try (SilentClients silent = new SilentClients(port, silentClients)) {
                silent.awaitConnected(GENEROUS);
                int asked = 0;
                int answered = 0;
                long until = System.nanoTime() + Duration.ofSeconds(8).toNanos(); // several read deadlines of the silent ones
                while (System.nanoTime() < until) {
                    asked++;
                    if (RawHttp.exchange(port, "GET /livez HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n", Duration.ofSeconds(1))
                            .startsWith("HTTP/1.1 200 ")) {
                        answered++;
                    }
                    Thread.sleep(10); // a probe rate, not a wait for a condition
                }
                System.out.println("with " + silentClients + " silent clients (" + silent.reconnects() + " reconnects after the server closed them): "
                        + answered + " of " + asked + " /livez answered within 1 s");
                assertTrue(answered >= asked * 0.99, answered + " of " + asked + " answered within 1 s");
                assertTrue(silent.reconnects() >= silentClients, "the server closes a silent client at its read deadline");
            }
        }
    }

    /** Issue 17: the probes answered POST, PUT, DELETE and TRACE with 200. Only GET and HEAD are probes. */
    @Test
    void onlyGetAndHeadAreAnswered() throws Exception {
        int port = freePort();
        try (AgentProcess app = AgentProcess.builder().agent(OPTIONS + ",http=" + port)
                .appArgs("--startup=200ms", "--tick=50ms").start()) {
            await(port, "/readyz", status(200), "turned ready");
            for (String method : List.of("POST", "PUT", "DELETE", "TRACE", "OPTIONS", "PATCH")) {
                String response = RawHttp.exchange(port, method + " /livez HTTP/1.1\r\nHost: probe\r\nContent-Length: 0\r\n\r\n",
                        Duration.ofSeconds(10));
                assertTrue(response.startsWith("HTTP/1.1 405 Method Not Allowed\r\n"), method + ": " + response);
                assertTrue(response.contains("\r\nAllow: GET, HEAD\r\n"), method + ": " + response);
            }
            String head = RawHttp.exchange(port, "HEAD /livez HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n", Duration.ofSeconds(10));
            assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n") && head.contains("\r\nContent-Length: 3\r\n") && head.endsWith("\r\n\r\n"),
                    "HEAD: the headers a GET gets, no body: " + head);
            assertEquals("ok\n", get(port, "/livez").body(), "GET");
        }
    }

    @Test
    void aDeadlockFailsLivenessWithTheDeadlockCheckNamed() throws Exception {
        int port = freePort();
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent(OPTIONS + ",http=127.0.0.1:" + port).notifySocket(systemd)
                     .env("WATCHDOG_USEC", "1000000").appArgs("--startup=200ms", "--fault=lock-deadlock", "--fault-after=1s").start()) {
            HttpResponse<String> dead = await(port, "/livez?verbose", status(500), "failed on the deadlock");
            assertTrue(dead.body().contains("[-]deadlock failed: deadlock among 2 threads"), dead.body());
            assertTrue(dead.body().contains("[+]progress:" + APP + "WorkLoop#tick ok"), dead.body());
        }
    }

    @Test
    void withoutSystemdTheProbesStillRunAndReadyIsTheirs() throws Exception {
        int port = freePort();
        try (AgentProcess app = AgentProcess.builder().agent(OPTIONS + ",http=" + port)
                .appArgs("--startup=200ms", "--tick=50ms", "--fault=hang", "--fault-after=3s").start()) {
            await(port, "/readyz", status(200), "turned ready without NOTIFY_SOCKET");
            assertTrue(app.stderrText().contains("NOTIFY_SOCKET is not set: no sd_notify"), app.stderrText());
            HttpResponse<String> stuck = await(port, "/livez", status(500), "failed on the hang");
            assertTrue(stuck.body().contains("stuck: no call begun for"), stuck.body());
            assertTrue(app.isAlive(), "withhold, without systemd: the probes are the only consequence");
        }
    }

    @Test
    void aBusyPortIsOneErrorLineAndTheServiceAndWatchdogRunOn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent(OPTIONS + ",http=" + taken.getLocalPort()).notifySocket(systemd)
                     .env("WATCHDOG_USEC", "1000000").appArgs("--startup=200ms").start()) {
            AgentProcess.Line error = app.awaitStderr("cannot serve the probe endpoints", GENEROUS);
            assertTrue(error.text.startsWith("<3>sd-watchdog: cannot serve the probe endpoints on 127.0.0.1:"
                    + taken.getLocalPort() + " (option 'http')"), error.text);
            systemd.awaitLine("READY=1", GENEROUS);
            systemd.awaitCount(d -> d.hasLine("WATCHDOG=1"), 3, GENEROUS, "pings");
            assertEquals(1, app.stderrText().lines().filter(l -> l.contains("probe endpoints")).count(), app.stderrText());
        }
    }

    @Test
    void onUnhealthyExitHaltsTheJvmWithTheStatusOnceTheVerdictHolds() throws Exception {
        try (AgentProcess app = AgentProcess.builder().agent(OPTIONS + ",on-unhealthy=exit")
                .appArgs("--startup=200ms", "--tick=50ms", "--fault=hang", "--fault-after=2s").start()) {
            java.time.Instant fault = AgentProcess.eventTime(app.awaitStdout("fault=hang", GENEROUS));
            assertEquals(70, app.awaitExit(GENEROUS));
            long took = Duration.between(fault, java.time.Instant.now()).toMillis();
            String stderr = app.stderrText();
            int report = stderr.indexOf("progress point " + APP + "WorkLoop#tick is stuck");
            int halt = stderr.indexOf("on-unhealthy=exit: the verdict held for");
            assertTrue(report >= 0 && halt > report, "the report comes first: " + stderr);
            assertTrue(stderr.contains("halting the JVM with exit status 70"), stderr);
            assertFalse(app.stdoutText().contains("test-app: shutdown"), "halt: no shutdown hooks, which may hang too");
            System.out.println("on-unhealthy=exit: exited " + took + " ms after the hang (stall 2 s + up to 2 checks of 250 ms + confirmation 1 s)");
        }
    }

    @Test
    void onUnhealthyExitTakesItsStatusAndABlipDoesNotKill() throws Exception {
        // A 2.5 s tick at stall=2s is unhealthy for about 0.5 s: less than the 1 s confirmation.
        try (AgentProcess app = AgentProcess.builder().agent(OPTIONS + ",on-unhealthy=exit:3")
                .appArgs("--startup=200ms", "--tick=50ms", "--fault=slow-tick", "--slow-tick=2500ms", "--fault-after=1s").start()) {
            app.awaitStderr("recovered", GENEROUS);
            assertTrue(app.isAlive(), app.stderrText());
        }
        try (AgentProcess app = AgentProcess.builder().agent(OPTIONS + ",on-unhealthy=exit:3")
                .appArgs("--startup=200ms", "--tick=50ms", "--fault=hang", "--fault-after=1s").start()) {
            assertEquals(3, app.awaitExit(GENEROUS));
        }
    }

    @Test
    void theMBeanShowsTheVerdictThroughARealJmxConnection() throws Exception {
        int jmxPort = freePort();
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent(OPTIONS).notifySocket(systemd).env("WATCHDOG_USEC", "1000000")
                     .jvmArg("-Dcom.sun.management.jmxremote.port=" + jmxPort)
                     .jvmArg("-Dcom.sun.management.jmxremote.host=127.0.0.1")
                     .jvmArg("-Djava.rmi.server.hostname=127.0.0.1")
                     .jvmArg("-Dcom.sun.management.jmxremote.authenticate=false")
                     .jvmArg("-Dcom.sun.management.jmxremote.ssl=false")
                     .appArgs("--startup=200ms", "--tick=50ms", "--fault=hang", "--fault-after=4s").start()) {
            systemd.awaitLine("READY=1", GENEROUS);
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
            try (JMXConnector connector = connect(url)) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                ObjectName name = new ObjectName("io.github.sdwatchdog:type=Watchdog");
                awaitAttribute(server, name, "Verdict", "healthy");
                assertEquals(true, server.getAttribute(name, "Ready"));
                assertTrue(((String) server.getAttribute(name, "ReadyTime")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
                assertTrue((Long) server.getAttribute(name, "ReadyAtEpochMillis") > 0);
                String[] counts = (String[]) server.getAttribute(name, "PointCounts");
                assertTrue(counts.length == 1 && counts[0].startsWith("progress:" + APP + "WorkLoop#tick begun="),
                        Arrays.toString(counts));
                assertTrue(Arrays.toString((String[]) server.getAttribute(name, "Checks"))
                        .contains("[+]progress:" + APP + "WorkLoop#tick ok"));
                assertEquals("", server.getAttribute(name, "LastReport"));

                awaitAttribute(server, name, "Verdict", "unhealthy");
                assertEquals(false, server.getAttribute(name, "Healthy"));
                assertTrue(((String) server.getAttribute(name, "LastReport")).contains("is stuck"));
                assertTrue(((String) server.getAttribute(name, "Status")).startsWith("UNHEALTHY: "));
                String[] stuckCounts = (String[]) server.getAttribute(name, "PointCounts");
                assertTrue(stuckCounts[0].endsWith("inFlight=1"), Arrays.toString(stuckCounts));
            }
        }
    }

    private static JMXConnector connect(JMXServiceURL url) throws Exception {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (true) {
            try {
                return JMXConnectorFactory.connect(url);
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(200); // the JMX agent starts with the JVM; polling with a deadline
            }
        }
    }

    private static void awaitAttribute(MBeanServerConnection server, ObjectName name, String attribute, Object expected)
            throws Exception {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        Object last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = server.getAttribute(name, attribute);
                if (expected.equals(last)) {
                    return;
                }
            } catch (javax.management.InstanceNotFoundException notYet) {
                last = "not registered";
            }
            Thread.sleep(100); // polling for a condition, with a deadline
        }
        throw new AssertionError(attribute + " never became " + expected + "; last " + last);
    }
}
