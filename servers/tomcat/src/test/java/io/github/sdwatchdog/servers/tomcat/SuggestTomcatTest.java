package io.github.sdwatchdog.servers.tomcat;

import io.github.sdwatchdog.servers.AgentCli;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** suggest against the real Tomcat 10.1 with a request hanging in hang.jsp: it names preset=tomcat and its progress method. */
class SuggestTomcatTest {
    static final int PORT = 18090; // the e2e script's Tomcat listens on 18080
    static final int READY_PORT = 18480;
    static final Duration GENEROUS = Duration.ofMinutes(2); // a JSP compiles on first use, on a busy machine

    @Test
    void namesPresetTomcatAndCoyoteAdapterServiceWhileARequestHangs() throws Exception {
        try (TomcatProcess tomcat = TomcatProcess.start(PORT)) {
            tomcat.await("GET / answering 200", GENEROUS, () -> tomcat.get("/") == 200);
            try (Socket hanging = new Socket("127.0.0.1", PORT)) {
                OutputStream out = hanging.getOutputStream();
                out.write("GET /hang.jsp HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                tomcat.await("hang.jsp reached", GENEROUS, () -> {
                    try {
                        return tomcat.output().contains("hang.jsp: this request waits forever");
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
                AgentCli suggest = AgentCli.run("suggest", Long.toString(tomcat.pid()), "--samples=3", "--interval-ms=500");
                System.out.println(suggest.output);
                assertEquals(0, suggest.exit, suggest.output);
                assertTrue(suggest.output.contains("Known server (a preset's classes are on the stacks; the tested choice):\n"
                        + "  preset=tomcat  expands to ready=org.apache.catalina.core.StandardServer#startInternal,"
                        + "progress=org.apache.catalina.connector.CoyoteAdapter#service\n"
                        + "    3/3 dumps, 1 thread  progress=org.apache.catalina.connector.CoyoteAdapter#service\n"),
                        suggest.output);
                assertTrue(suggest.output.contains(":" + PORT + "\n"), suggest.output); // a listening port
                assertTrue(suggest.output.contains("check 'preset=tomcat'"), suggest.output);
                // The generic line finds the preset's point too: the first method above Tomcat's pool, endpoint and Coyote.
                assertTrue(suggest.output.contains("  high    3/3 dumps, 1 thread  progress=org.apache.catalina.connector.CoyoteAdapter"
                        + "#service   (a task of Tomcat's thread pool on http-nio-" + PORT + "-exec-"), suggest.output);
            }
        }
    }

    @Test
    void readyUrlNamesStandardServerStartInternalFromOneStart() throws Exception {
        try (TomcatProcess tomcat = TomcatProcess.start(READY_PORT)) {
            AgentCli suggest = AgentCli.run("suggest", Long.toString(tomcat.pid()),
                    "--ready-url=http://127.0.0.1:" + READY_PORT + "/tomcat.css");
            System.out.println(suggest.output);
            assertEquals(0, suggest.exit, suggest.output + "\nTomcat:\n" + tomcat.output());
            assertTrue(suggest.output.contains("\nready method: ready=org.apache.catalina.core.StandardServer#startInternal\n"),
                    suggest.output);
            assertTrue(suggest.output.contains("org.apache.catalina.util.LifecycleBase#start"), "the lifecycle start every "
                    + "component goes through is named as called more than once: " + suggest.output);
        }
    }
}
