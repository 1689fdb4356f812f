package io.github.sdwatchdog.ports;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three ways of seeing this process's listeners, against sockets the test JVM opens itself. */
class PortReadinessTest {
    @Test
    void theKernelsListenersShowListenersAndNotClientsOrClosedOnes() throws Exception {
        try (SockDiagListeners source = new SockDiagListeners()) {
            checkSource(source);
        }
    }

    @Test
    void ownFdsShowListenersAndNotClientsOrClosedOnes() throws Exception {
        checkSource(new OwnListeners());
    }

    @Test
    void procTablesShowListenersOfThisProcess() throws Exception {
        checkSource(new ProcTcpTables());
    }

    private static void checkSource(ListenerSource source) throws Exception {
        try (ServerSocket blocking = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             ServerSocketChannel nio6 = ServerSocketChannel.open().bind(new java.net.InetSocketAddress(InetAddress.getByName("::1"), 0));
             Socket client = new Socket("127.0.0.1", blocking.getLocalPort())) {
            int nio6Port = ((java.net.InetSocketAddress) nio6.getLocalAddress()).getPort();
            int closed;
            try (ServerSocket gone = new ServerSocket(0)) {
                closed = gone.getLocalPort();
            }
            PortSet ports = new PortSet(List.of(blocking.getLocalPort(), nio6Port, client.getLocalPort(), closed));
            source.scan(ports);
            assertEquals(List.of(client.getLocalPort(), closed), ports.waitingFor());
        }
    }

    @Test
    void pollsUntilEveryPortListensAndSaysWhatItCosts() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        PortReadiness readiness = new PortReadiness(List.of(port));
        assertFalse(readiness.poll());
        try (ServerSocket listening = new ServerSocket(port)) {
            assertTrue(readiness.poll());
        }
        assertTrue(readiness.pollCost().startsWith("poll 2 of the kernel's listeners through sock_diag, "), readiness.pollCost());
        readiness.close();
        assertEquals("ports 1, 2 and 3", PortReadiness.describe(List.of(1, 2, 3)));
        assertEquals("port 8080", PortReadiness.describe(List.of(8080)));
    }
}
