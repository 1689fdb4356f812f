package io.github.sdwatchdog.notify;

import io.github.sdwatchdog.it.NotifyReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The transport against a real datagram socket bound by the test. */
class SdNotifyTransportTest {
    @TempDir
    Path dir;

    @Test
    void sendsUtf8WithExactByteLengthToAPathSocket() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir)) {
            SdNotifyTransport transport = SdNotifyTransport.open(NotifySocketAddress.parse(systemd.notifySocket()));
            String status = "STATUS=grüße ✓ 状態";
            assertTrue(transport.send(status));
            NotifyReceiver.Datagram received = systemd.awaitLine(status, Duration.ofSeconds(10));
            assertEquals(status.getBytes(StandardCharsets.UTF_8).length, received.byteLength);
        }
    }

    @Test
    void sendsToAnAbstractSocket() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.abstractNamespace()) {
            SdNotifyTransport transport = SdNotifyTransport.open(NotifySocketAddress.parse(systemd.notifySocket()));
            assertTrue(transport.send("READY=1"));
            systemd.awaitLine("READY=1", Duration.ofSeconds(10));
        }
    }

    @Test
    void aMissingSocketFailsQuietlyAndRecoversWhenItAppears() throws Exception {
        Path socket = dir.resolve("notify.sock");
        SdNotifyTransport transport = SdNotifyTransport.open(NotifySocketAddress.parse(socket.toString()));
        assertFalse(transport.send("WATCHDOG=1"), "nothing listens yet");
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir)) {
            assertTrue(transport.send("WATCHDOG=1"), "reconnects once the socket exists");
            systemd.awaitLine("WATCHDOG=1", Duration.ofSeconds(10));
        }
    }
}
