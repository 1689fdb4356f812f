package io.github.sdwatchdog.notify;

/** Sends sd_notify messages. Implementations never throw into the caller. */
public interface Notifier {
    /** Sends one datagram of newline-separated {@code KEY=VALUE} lines; false if it could not be sent. */
    boolean send(String message);
}
