package io.github.sdwatchdog.ports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** suggest's view of another process's listeners goes through the agent's own /proc reader. */
class ProcessListenersTest {
    @TempDir
    Path proc;

    @Test
    void listeningSocketsOfTheProcessOnlyWithTheirAddresses() throws Exception {
        Files.write(proc.resolve("net-tcp"), List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 111 1 0",
                "   1: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 222 1 0",
                "   2: 0100007F:1F91 0100007F:9C40 01 00000000:00000000 00:00000000 00000000  1000        0 333 1 0"));
        Files.createDirectories(proc.resolve("net"));
        Files.move(proc.resolve("net-tcp"), proc.resolve("net/tcp"));
        Files.write(proc.resolve("net/tcp6"), List.of(
                "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 00000000000000000000000000000000:20FB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 444 1 0"));
        Files.createDirectories(proc.resolve("fd"));
        Files.createSymbolicLink(proc.resolve("fd/3"), Paths.get("socket:[111]"));
        Files.createSymbolicLink(proc.resolve("fd/4"), Paths.get("socket:[333]"));
        Files.createSymbolicLink(proc.resolve("fd/5"), Paths.get("socket:[444]"));
        Files.createSymbolicLink(proc.resolve("fd/6"), Paths.get("pipe:[999]"));
        List<ProcTcpTables.Listener> own = new ProcTcpTables(proc).listeners(port -> true);
        assertEquals(2, own.size());
        assertEquals("127.0.0.1", ProcessListeners.address(own.get(0).addressHex));
        assertEquals(8080, own.get(0).port);
        assertEquals("[::]", ProcessListeners.address(own.get(1).addressHex));
        assertEquals(8443, own.get(1).port);
    }

    @Test
    void thisProcessSeenFromOutside() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            List<String> listening = ProcessListeners.of(ProcessHandle.current().pid());
            assertTrue(listening.contains("127.0.0.1:" + server.getLocalPort()), listening.toString());
        }
    }
}
