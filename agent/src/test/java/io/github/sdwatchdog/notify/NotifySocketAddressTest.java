package io.github.sdwatchdog.notify;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotifySocketAddressTest {
    @Test
    void aPathIsNulTerminated() {
        NotifySocketAddress address = NotifySocketAddress.parse("/run/systemd/notify");
        assertFalse(address.isAbstract());
        assertArrayEquals("/run/systemd/notify\0".getBytes(), address.sunPath());
        assertEquals(2 + 20, address.addressLength());
    }

    @Test
    void anAbstractNameStartsWithNulAndHasExactLength() {
        NotifySocketAddress address = NotifySocketAddress.parse("@sd/notify");
        assertTrue(address.isAbstract());
        assertArrayEquals("\0sd/notify".getBytes(), address.sunPath());
        assertEquals(2 + 10, address.addressLength(), "no trailing NUL padding: the kernel would count it as part of the name");
    }

    @Test
    void nonAsciiPathsCountUtf8Bytes() {
        NotifySocketAddress address = NotifySocketAddress.parse("/run/grüße");
        assertEquals(2 + "/run/grüße".getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1, address.addressLength());
    }

    @Test
    void unsupportedAndOversizedValuesAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NotifySocketAddress.parse("vsock:2:1234"))
                .getMessage().contains("NOTIFY_SOCKET='vsock:2:1234' is not supported"));
        assertThrows(IllegalArgumentException.class, () -> NotifySocketAddress.parse("relative/path"));
        assertThrows(IllegalArgumentException.class, () -> NotifySocketAddress.parse("/" + "x".repeat(107)));
        NotifySocketAddress.parse("/" + "x".repeat(106)); // 107 bytes + NUL fits
        NotifySocketAddress.parse("@" + "x".repeat(107));
    }
}
