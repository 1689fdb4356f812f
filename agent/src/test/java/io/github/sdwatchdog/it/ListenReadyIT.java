package io.github.sdwatchdog.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ready=listen:<port>: READY once test-app listens on the port, never before, whatever opened the socket.
 * Latency bounds are generous (a shared machine); the figure is printed for the record.
 */
class ListenReadyIT {
    static final Duration GENEROUS = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void nioServerSocketChannelOnTheWildcardAddress() throws Exception {
        int port = freePort();
        readyFollowsListeners("listen:" + port, "nio:" + port);
    }

    @Test
    void blockingServerSocketOnLoopback() throws Exception {
        int port = freePort();
        readyFollowsListeners("listen:" + port, "blocking:" + port);
    }

    @Test
    void blockingServerSocketOnTheIpv4StackOnlyIsFoundInTheTcpTable() throws Exception {
        int port = freePort();
        readyFollowsListeners("listen:" + port, "blocking:" + port, "-Djava.net.preferIPv4Stack=true");
    }

    @Test
    void ipv6LoopbackAndIpv6Wildcard() throws Exception {
        int[] ports = freePorts(2);
        int nio6 = ports[0];
        int blocking6 = ports[1];
        readyFollowsListeners("listen:" + nio6 + "+" + blocking6, "nio6:" + nio6 + "+blocking6:" + blocking6);
    }

    @Test
    void twoPortsMeanBothAndStatusSaysWhichIsAwaited() throws Exception {
        int[] ports = freePorts(2);
        int first = ports[0];
        int second = ports[1];
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent("ready=listen:" + first + "+" + second).notifySocket(systemd)
                     .appArgs("--startup=0ms", "--listen=nio:" + first + "+blocking:" + second, "--listen-after=5s").start()) {
            systemd.awaitLine("STATUS=starting: waiting for ports " + first + " and " + second + " to listen", GENEROUS);
            NotifyReceiver.Datagram ready = systemd.awaitLine("READY=1", GENEROUS);
            Instant opened = AgentProcess.eventTime(app.awaitStdout("listener-opened kind=blocking port=" + second, GENEROUS));
            assertFalse(ready.arrived.isBefore(opened), "READY " + ready.arrived + " before the second port listened " + opened);
        }
    }

    @Test
    void aPortThatAnotherProcessListensOnDoesNotCount() throws Exception {
        try (ServerSocket foreign = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            aForeignPortDoesNotCount(foreign.getLocalPort(), freePort()); // chosen while the foreign one is open: distinct
        }
    }

    private void aForeignPortDoesNotCount(int foreign, int own) throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent("ready=listen:" + foreign + "+" + own)
                     .notifySocket(systemd).appArgs("--startup=0ms", "--listen=nio:" + own, "--listen-after=1s").start()) {
            // Once the agent has seen its own port listen, it has polled with the foreign one listening too.
            systemd.awaitLine("STATUS=starting: waiting for port " + foreign + " to listen", GENEROUS);
            app.awaitStdout("listener-opened kind=nio port=" + own, GENEROUS);
            assertTrue(systemd.receivedWith("READY=1").isEmpty(), "READY for a port this JVM does not listen on");
        }
    }

    @Test
    void withoutSystemdReadyzFollowsThePort() throws Exception {
        int[] ports = freePorts(2);
        int port = ports[0];
        int http = ports[1];
        try (AgentProcess app = AgentProcess.builder().agent("ready=listen:" + port + ",http=" + http)
                .appArgs("--startup=0ms", "--listen=nio:" + port, "--listen-after=2s").start()) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> waiting = awaitReadyz(client, http, 500);
            assertTrue(waiting.body().contains("[-]ready failed: waiting for port " + port + " to listen"), waiting.body());
            awaitReadyz(client, http, 200);
            Instant ready = Instant.now();
            Instant opening = AgentProcess.eventTime(app.awaitStdout("listener-opening kind=nio port=" + port, GENEROUS));
            assertFalse(ready.isBefore(opening), "/readyz passed at " + ready + ", before the port began to listen " + opening);
            app.awaitStderr("<6>sd-watchdog: ready: port " + port + " was seen listening (poll ", GENEROUS);
        }
    }

    /** Polls /readyz?verbose until it answers with this status, with a deadline. */
    private static HttpResponse<String> awaitReadyz(HttpClient client, int port, int status) throws InterruptedException {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/readyz?verbose")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == status) {
                    return response;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(20); // between polls of a condition with a deadline
        }
        throw new AssertionError("/readyz never answered " + status + " within " + GENEROUS + "; last: " + last);
    }

    @Test
    void badPortListsExitSeventyEightNamingTheOption() throws Exception {
        for (String bad : new String[] {"listen:", "listen:0", "listen:65536", "listen:80+80", "listen:80+", "listen:http"}) {
            try (AgentProcess app = AgentProcess.builder().agent("ready=" + bad).appArgs("--startup=0ms").start()) {
                assertTrue(app.awaitExit(GENEROUS) == 78, bad + ": " + app.stderrText());
                assertTrue(app.stderrText().contains("option 'ready'"), app.stderrText());
            }
        }
    }

    private void readyFollowsListeners(String option, String listeners, String... jvmArgs) throws Exception {
        AgentProcess.Builder builder = AgentProcess.builder().agent("ready=" + option + ",progress=com.example.testapp.WorkLoop#tick");
        for (String arg : jvmArgs) {
            builder.jvmArg(arg);
        }
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = builder.notifySocket(systemd)
                     .appArgs("--startup=0ms", "--listen=" + listeners, "--listen-after=1500ms").start()) {
            NotifyReceiver.Datagram ready = systemd.awaitLine("READY=1", GENEROUS);
            Instant opening = Instant.MIN;
            Instant opened = Instant.MIN;
            for (String listener : listeners.split("\\+")) {
                String[] kindPort = listener.split(":");
                String which = " kind=" + kindPort[0] + " port=" + kindPort[1];
                opening = latest(opening, AgentProcess.eventTime(app.awaitStdout("listener-opening" + which, GENEROUS)));
                opened = latest(opened, AgentProcess.eventTime(app.awaitStdout("listener-opened" + which, GENEROUS)));
            }
            // The socket listens between the two events: READY may precede "opened", never "opening".
            long micros = Duration.between(opened, ready.arrived).toNanos() / 1000;
            System.out.println(option + " (" + listeners + "): READY " + micros + " us after the last listener opened ("
                    + Duration.between(opening, opened).toNanos() / 1000 + " us to open it); "
                    + app.awaitStderr("sent READY=1", GENEROUS).text);
            assertFalse(ready.arrived.isBefore(opening), "READY " + ready.arrived + " before the port began to listen " + opening);
            assertTrue(micros < 2_000_000, "READY " + micros + " us after the port listened: a regression");
            // Says what happened: the watchdog thread saw the port and sent READY; there is no startup method.
            assertTrue(app.stderrText().contains(" seen listening (poll "), app.stderrText());
            assertFalse(app.stderrText().contains("returned from"), app.stderrText());
        }
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Distinct free ports: the sockets are all open at once, so the kernel cannot hand one out twice. */
    private static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        int[] ports = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
        return ports;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
