package io.github.sdwatchdog.suggestfixtures;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * suggest against a service whose requests run on each real pool (the library from Maven Central), with one
 * request hung: it proposes the per-request method surely and no method idle pool threads sit inside; with no
 * request at all it asks for traffic instead of guessing.
 */
class PoolSuggestIT {
    /** Where idle threads of these pools wait: the three, and each library's own code. */
    static final Pattern LOOP = Pattern.compile("progress=(java\\.|org\\.jboss\\.threads\\.|io\\.netty\\.|org\\.glassfish\\.grizzly\\."
            + "|org\\.eclipse\\.jetty\\.|org\\.apache\\.tomcat\\.)");

    @ParameterizedTest
    @ValueSource(strings = {"thread-pool-executor", "fork-join", "jboss-threads", "netty", "grizzly", "jetty", "tomcat"})
    void proposesThePerRequestMethodAndNoLoop(String pool) throws Exception {
        try (Jvm service = Jvm.fixture("suggestfixture.PoolService", "--pool=" + pool)) {
            service.await("request hangs on", Jvm.GENEROUS);
            try (Jvm suggest = Jvm.agent("suggest", Long.toString(service.pid()), "--samples=3", "--interval-ms=300")) {
                assertEquals(0, suggest.exit(Jvm.GENEROUS), suggest.output());
                String out = suggest.output();
                System.out.println(out);
                assertTrue(out.matches("(?s).*\\n  high    3/3 dumps, \\d+ threads?  progress=suggestfixture\\.Service#handle   "
                        + "\\(a task of [^\\n]+ on [^\\n]+\\)\\n.*"), out);
                Matcher loop = LOOP.matcher(out);
                assertFalse(loop.find(), "a pool's own code proposed: " + (loop.find(0) ? out.substring(loop.start()) : ""));
                assertTrue(out.contains("check 'ready=<class>#<method>,progress=suggestfixture.Service#handle'"), out);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jboss-threads", "netty", "grizzly", "jetty", "tomcat"})
    void anIdleServiceGetsAskedForTrafficNotAGuess(String pool) throws Exception {
        try (Jvm service = Jvm.fixture("suggestfixture.PoolService", "--pool=" + pool, "--requests=none")) {
            service.await("serving on pool=", Jvm.GENEROUS);
            try (Jvm suggest = Jvm.agent("suggest", Long.toString(service.pid()), "--samples=2", "--interval-ms=300")) {
                assertEquals(0, suggest.exit(Jvm.GENEROUS), suggest.output());
                String out = suggest.output();
                assertTrue(out.contains("  none: no thread ran a request while sampled, "), out);
                assertTrue(out.contains("Send requests to the service while it is sampled"), out);
                assertFalse(out.contains("progress="), out);
            }
        }
    }
}
