package io.github.sdwatchdog.probe;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What the probe server reads of an HTTP/1.x request head: the method, the path and query, and whether the
 * connection may be kept open after the answer. Nothing else of a request matters to a probe.
 */
final class ProbeRequest {
    final String method;
    final String path;
    final String query;
    /** False for HTTP/1.0, a {@code Connection: close}, or a request with a body (which is never read). */
    final boolean keepAlive;

    private ProbeRequest(String method, String path, String query, boolean keepAlive) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.keepAlive = keepAlive;
    }

    /** Where the head ends (just past its empty line) in the first length bytes, searching from from; -1 if it has not. */
    static int headEnd(byte[] bytes, int from, int length) {
        for (int i = Math.max(1, from); i < length; i++) {
            if (bytes[i] == '\n' && (bytes[i - 1] == '\n' || (i >= 2 && bytes[i - 1] == '\r' && bytes[i - 2] == '\n'))) {
                return i + 1;
            }
        }
        return -1;
    }

    /** The request whose head is the first length bytes, or null if it is not HTTP/1.x as a probe sends it. */
    static ProbeRequest parse(byte[] bytes, int length) {
        String[] lines = new String(bytes, 0, length, StandardCharsets.ISO_8859_1).trim().split("\r?\n");
        String[] requestLine = lines[0].split(" ", -1);
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.") || requestLine[0].isEmpty()) {
            return null;
        }
        boolean keepAlive = requestLine[2].equals("HTTP/1.1");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                return null;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            if ((name.equals("connection") && value.contains("close")) || name.equals("transfer-encoding")
                    || (name.equals("content-length") && !value.equals("0"))) {
                keepAlive = false;
            }
        }
        String target = requestLine[1];
        if (target.startsWith("http://") || target.startsWith("https://")) { // absolute form, as sent to a proxy
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            target = slash < 0 ? "/" : target.substring(slash);
        }
        if (!target.startsWith("/") && !target.equals("*")) {
            return null;
        }
        int question = target.indexOf('?');
        return question < 0 ? new ProbeRequest(requestLine[0], target, null, keepAlive)
                : new ProbeRequest(requestLine[0], target.substring(0, question), target.substring(question + 1), keepAlive);
    }
}
