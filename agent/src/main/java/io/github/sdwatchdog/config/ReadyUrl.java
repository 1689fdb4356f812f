package io.github.sdwatchdog.config;

/**
 * {@code ready=http:<port>[/<path>]}: the service's own health URL, asked on 127.0.0.1 (the agent never leaves the
 * machine, and a service that listens on any address answers there). The path is ASCII, as a request line needs.
 */
public final class ReadyUrl {
    public static final String HOST = "127.0.0.1";

    private final int port;
    private final String path;

    ReadyUrl(int port, String path) {
        this.port = port;
        this.path = path;
    }

    public int port() {
        return port;
    }

    /** Starts with '/': "/" when the option names none. */
    public String path() {
        return path;
    }

    /** As the option is written: {@code http:8080/health/ready}. */
    String option() {
        return "http:" + port + (path.equals("/") ? "" : path);
    }

    /** The URL: {@code http://127.0.0.1:8080/health/ready}. */
    @Override
    public String toString() {
        return "http://" + HOST + ":" + port + path;
    }
}
