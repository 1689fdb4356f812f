package io.github.sdwatchdog.suggest;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;

/** One GET of the URL that answers 2xx once the service serves: a fresh connection each time, no proxy, no redirect. */
final class HttpPoll {
    static final int CONNECT_TIMEOUT_MS = 1000;
    static final int READ_TIMEOUT_MS = 3000;

    /** What one poll saw: an HTTP status, or no answer (refused, reset or timed out) and why. */
    static final class Answer {
        final int status; // -1: no answer
        final String text;

        Answer(int status, String text) {
            this.status = status;
            this.text = text;
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final URL url;
    final String text;

    HttpPoll(String url) {
        this.text = url;
        try {
            this.url = URI.create(url).toURL();
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Refuses what is not an absolute http:// URL with a host. */
    static void check(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--ready-url '" + url + "' is not a URL: " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--ready-url '" + url + "' must be http://<host>:<port>/<path>, such as "
                    + "http://127.0.0.1:8080/health/ready");
        }
    }

    Answer poll() {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
            connection.setReadTimeout(READ_TIMEOUT_MS);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestProperty("Connection", "close");
            int status = connection.getResponseCode();
            drain(status >= 400 ? connection.getErrorStream() : connection.getInputStream());
            return new Answer(status, Integer.toString(status));
        } catch (java.net.SocketTimeoutException e) {
            return new Answer(-1, "no answer within " + READ_TIMEOUT_MS + " ms");
        } catch (IOException e) {
            return new Answer(-1, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private static void drain(InputStream in) throws IOException {
        if (in != null) {
            try (InputStream body = in) {
                body.readNBytes(65536);
            }
        }
    }
}
