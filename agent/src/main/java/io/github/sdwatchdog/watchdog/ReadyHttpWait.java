package io.github.sdwatchdog.watchdog;

import io.github.sdwatchdog.bridge.WatchdogBridge;
import io.github.sdwatchdog.config.ReadyUrl;
import io.github.sdwatchdog.ports.HealthRequest;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;

/**
 * {@code ready=http:}: asks the service's health URL until it answers 2xx, then latches READY through the bridge,
 * as a returning ready method would. One request at a time, the pause after each growing from
 * {@link #FIRST_PAUSE_NANOS} to {@link #MAX_PAUSE_NANOS}: the service is starting, and each request is work for it
 * (and a wakeup of this thread). READY then comes within that pause and one request of the URL first answering 2xx.
 */
final class ReadyHttpWait implements ReadyWait {
    static final long FIRST_PAUSE_NANOS = 50_000_000L;
    static final long MAX_PAUSE_NANOS = 200_000_000L;
    /** A server that accepted but has not begun to serve answers when it does: waiting long costs one connection. */
    static final int TIMEOUT_MILLIS = 10_000;

    private final ReadyUrl url;
    private final SystemdLink link;
    private final LiveState state;
    private final Lifecycle lifecycle;
    private String answered = "";
    private int requests;

    ReadyHttpWait(ReadyUrl url, SystemdLink link, LiveState state, Lifecycle lifecycle) {
        this.url = url;
        this.link = link;
        this.state = state;
        this.lifecycle = lifecycle;
    }

    @Override
    public String readyEvent() {
        return url + " answered " + answered + " (" + requests + (requests == 1 ? " request)" : " requests)");
    }

    @Override
    public boolean await() {
        HealthRequest request = new HealthRequest(url, TIMEOUT_MILLIS);
        long pause = FIRST_PAUSE_NANOS;
        String said = null;
        while (!lifecycle.isStopping()) {
            String answer;
            try {
                requests++;
                int status = request.status();
                if (status >= 200 && status < 300) {
                    answered = String.valueOf(status);
                    WatchdogBridge.startupReturned();
                    return !lifecycle.isStopping();
                }
                answer = String.valueOf(status);
            } catch (ConnectException e) {
                answer = "connection refused";
            } catch (SocketTimeoutException e) {
                answer = "no answer within " + TIMEOUT_MILLIS / 1000 + " s";
            } catch (IOException | RuntimeException e) {
                answer = e.getMessage() != null ? e.getMessage() : e.toString();
            }
            String status = "starting: waiting for " + url + ": " + answer;
            if (!status.equals(said)) {
                said = status;
                state.startupStatus(status);
                link.send("STATUS=" + status);
            }
            Lifecycle.pause(this, pause);
            pause = Math.min(MAX_PAUSE_NANOS, 2 * pause);
        }
        return false;
    }
}
