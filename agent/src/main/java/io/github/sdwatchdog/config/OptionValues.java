package io.github.sdwatchdog.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The grammar of each option's value but durations ({@link Durations}): method references, ports, the
 * {@code on-unhealthy} action and its exit status, the probes' address. Each error message starts with
 * {@code where} (the option and where it was given) and says what was expected.
 */
final class OptionValues {
    static final String LISTEN = "listen:";
    static final String HTTP = "http:";
    /** What a URL's path and query may hold besides letters and digits (RFC 3986), '%' for an escape included. */
    private static final String PATH_PUNCTUATION = "-._~!$&'()*+,;=:@/?%";

    /** listen:<port>[+<port>]...: each 1-65535, each once. */
    static List<Integer> ports(String where, String value) throws ConfigException {
        String expected = "; expected listen:<port>[+<port>]... with ports 1-65535, such as listen:8080 or listen:8080+8443";
        String list = value.substring(LISTEN.length());
        if (list.isEmpty()) {
            throw new ConfigException(where + "'" + value + "' names no port" + expected);
        }
        List<Integer> ports = new ArrayList<>();
        for (String text : list.split("\\+", -1)) {
            if (text.isEmpty()) {
                throw new ConfigException(where + "'" + value + "' has an empty port (a stray '+'?)" + expected);
            }
            int port = asciiNumber(text, 5);
            if (port < 1 || port > 65535) {
                throw new ConfigException(where + "'" + text + "' is not a port" + expected);
            }
            if (ports.contains(port)) {
                throw new ConfigException(where + "port " + port + " is named twice in '" + value
                        + "'; name each port once");
            }
            ports.add(port);
        }
        return ports;
    }

    /** http:<port>[/<path>]: a port 1-65535, then nothing or a path of the characters a URL may hold. */
    static ReadyUrl readyUrl(String where, String value) throws ConfigException {
        String expected = "; expected http:<port>[/<path>] with a port 1-65535, such as http:8080/health/ready"
                + " (asked as http://127.0.0.1:8080/health/ready)";
        if (value.startsWith("http://")) {
            throw new ConfigException(where + "'" + value + "': name the port and path only, the agent always asks "
                    + ReadyUrl.HOST + expected);
        }
        String rest = value.substring(HTTP.length());
        int slash = rest.indexOf('/');
        String portText = slash < 0 ? rest : rest.substring(0, slash);
        int port = asciiNumber(portText, 5);
        if (port < 1 || port > 65535) {
            throw new ConfigException(where + "'" + value + "' has no valid port" + expected);
        }
        String path = slash < 0 ? "/" : rest.substring(slash);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean letterOrDigit = c < 128 && Character.isLetterOrDigit(c);
            if (!letterOrDigit && PATH_PUNCTUATION.indexOf(c) < 0) {
                throw new ConfigException(where + "'" + value + "': " + (c == '#' ? "a fragment ('#') is never sent"
                        : "'" + c + "' cannot be in a URL path; percent-encode it") + expected);
            }
        }
        return new ReadyUrl(port, path);
    }

    static MethodRef methodRef(String where, String text) throws ConfigException {
        int hash = text.indexOf('#');
        String expected = "; expected <class>#<method>, such as com.acme.Server#start (nested classes as a.B$C)";
        if (hash < 0 || hash != text.lastIndexOf('#')) {
            throw new ConfigException(where + "'" + text + "' is not a method reference" + expected);
        }
        String className = text.substring(0, hash);
        String methodName = text.substring(hash + 1);
        for (String part : className.split("\\.", -1)) {
            if (!isIdentifier(part)) {
                throw new ConfigException(where + "'" + className + "' is not a class name" + expected);
            }
        }
        if (!isIdentifier(methodName)) {
            throw new ConfigException(where + "'" + methodName + "' is not a method name" + expected
                    + "; constructors cannot be named");
        }
        return new MethodRef(className, methodName);
    }

    private static boolean isIdentifier(String text) {
        if (text.isEmpty() || !Character.isJavaIdentifierStart(text.charAt(0))) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            if (!Character.isJavaIdentifierPart(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static AgentConfig.OnUnhealthy onUnhealthy(String where, String value) throws ConfigException {
        if (value.equals("exit") || value.startsWith("exit:")) {
            return AgentConfig.OnUnhealthy.EXIT;
        }
        switch (value) {
            case "withhold": return AgentConfig.OnUnhealthy.WITHHOLD;
            case "trigger": return AgentConfig.OnUnhealthy.TRIGGER;
            case "log": return AgentConfig.OnUnhealthy.LOG;
            default: throw new ConfigException(where + "'" + value
                    + "' is not allowed; expected withhold, trigger, exit, exit:<status> or log");
        }
    }

    /** exit:<status>: 1-255, and not 78, which units keep for a bad configuration (RestartPreventExitStatus=78). */
    static int exitStatus(String where, String value) throws ConfigException {
        if (value.equals("exit")) {
            return ExitStatus.UNHEALTHY_DEFAULT;
        }
        String text = value.substring("exit:".length());
        int status = asciiNumber(text, 3);
        if (status < 1 || status > 255 || status == ExitStatus.BAD_OPTIONS) {
            throw new ConfigException(where + "'" + text + "' is not an exit status; expected 1-255 (not 78, kept "
                    + "for a bad configuration), such as exit:70");
        }
        return status;
    }

    static HttpAddress httpAddress(String where, String value) throws ConfigException {
        String expected = "; expected [<host>:]<port> with a port 1-65535, such as 8558, 127.0.0.1:8558 or [::1]:8558";
        int colon = value.lastIndexOf(':');
        String host = HttpAddress.DEFAULT_HOST;
        String port = value;
        if (colon >= 0) {
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.indexOf(':') >= 0) {
                throw new ConfigException(where + "'" + value + "': write an IPv6 host in brackets" + expected);
            }
            if (host.isEmpty()) {
                throw new ConfigException(where + "'" + value + "' has no host before ':'" + expected);
            }
            String problem = HttpAddress.hostProblem(host);
            if (problem != null) {
                throw new ConfigException(where + problem + expected);
            }
        }
        int number = asciiNumber(port, 5);
        if (number < 1 || number > 65535) {
            throw new ConfigException(where + "'" + value + "' has no valid port" + expected);
        }
        return new HttpAddress(host, number);
    }

    /** A number of ASCII digits, at most {@code maxDigits}; -1 if it is not one. */
    private static int asciiNumber(String text, int maxDigits) {
        if (text.isEmpty() || text.length() > maxDigits) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private OptionValues() {
    }
}
