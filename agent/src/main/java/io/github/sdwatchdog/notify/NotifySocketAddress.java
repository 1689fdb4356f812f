package io.github.sdwatchdog.notify;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code NOTIFY_SOCKET} address as the kernel wants it: the bytes of {@code sun_path} and the exact
 * address length. A path is NUL-terminated; an abstract name ({@code @name}) starts with a NUL byte and
 * has no terminator, because the kernel counts every byte of the given length as part of the name.
 */
public final class NotifySocketAddress {
    /** {@code sizeof(sun_path)} on Linux. */
    public static final int SUN_PATH_SIZE = 108;
    private static final int SUN_PATH_OFFSET = 2; // offsetof(struct sockaddr_un, sun_path)

    private final String text;
    private final byte[] sunPath;

    private NotifySocketAddress(String text, byte[] sunPath) {
        this.text = text;
        this.sunPath = sunPath;
    }

    /** @throws IllegalArgumentException naming what is wrong with the value */
    public static NotifySocketAddress parse(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("NOTIFY_SOCKET is empty");
        }
        byte[] name = value.getBytes(StandardCharsets.UTF_8);
        byte[] sunPath;
        if (value.charAt(0) == '@') {
            sunPath = name.clone();
            sunPath[0] = 0;
        } else if (value.charAt(0) == '/') {
            sunPath = Arrays.copyOf(name, name.length + 1);
        } else {
            throw new IllegalArgumentException("NOTIFY_SOCKET='" + value
                    + "' is not supported; expected an absolute path or an @abstract name");
        }
        if (sunPath.length > SUN_PATH_SIZE) {
            throw new IllegalArgumentException("NOTIFY_SOCKET='" + value + "' is longer than the "
                    + SUN_PATH_SIZE + " bytes an AF_UNIX address holds");
        }
        return new NotifySocketAddress(value, sunPath);
    }

    public boolean isAbstract() {
        return sunPath[0] == 0;
    }

    /** The path or name, as it goes into {@code sun_path}. */
    public byte[] sunPath() {
        return sunPath.clone();
    }

    /** The {@code socklen_t} to pass to connect or bind. */
    public int addressLength() {
        return SUN_PATH_OFFSET + sunPath.length;
    }

    @Override
    public String toString() {
        return text;
    }
}
