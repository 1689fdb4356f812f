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

    /**
     * Why a host cannot be bound, or null if it can be: a host name or IPv4 address is dot-separated labels of
     * letters, digits and '-' (not at a label's ends); an IPv6 address (written in brackets) is hex digits,
     * ':' and '.', with an optional %zone.
     */
    static String hostProblem(String host) {
        if (host.indexOf(':') >= 0) {
            int zone = host.indexOf('%');
            String address = zone < 0 ? host : host.substring(0, zone);
            return address.matches("[0-9A-Fa-f:.]+") && (zone < 0 || host.length() > zone + 1) ? null
                    : "'" + host + "' is not an IPv6 address (hex digits, ':' and '.', an optional %zone)";
        }
        for (String label : host.split("\\.", -1)) {
            if (!label.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")) {
                return "'" + host + "' is not a host name or IPv4 address (dot-separated letters, digits and '-')";
            }
        }
        return null;
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
