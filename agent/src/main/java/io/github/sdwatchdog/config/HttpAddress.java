package io.github.sdwatchdog.config;

/** Where the probe endpoints listen: a host (127.0.0.1 unless given) and a TCP port. */
public final class HttpAddress {
    public static final String DEFAULT_HOST = "127.0.0.1";

    private final String host;
    private final int port;

    HttpAddress(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
