package io.github.sdwatchdog.servers.jetty;

import io.github.sdwatchdog.servers.AgentCli;
import io.github.sdwatchdog.servers.ReadyTiming;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * suggest --ready-url, started with the real jetty-home 12 (java -jar start.jar, http and ee10-deploy, the hang
 * webapp exploded in webapps): from one start it names start.jar's Main#main, which returns right after
 * Server#doStart (the preset's ready method, listed inside it), and never the lifecycle start everything calls;
 * a second start with the agent and that ready method gets READY after Jetty serves, within a second.
 */
class SuggestReadyJettyTest {
    static final int PORT = 18481;
    static final Path HOME = Paths.get(System.getProperty("jetty.home"));
    static final String URL = "http://127.0.0.1:" + PORT + "/hang/ok";

    @Test
    void namesTheCallThatEndsAsJettyBeginsToServe() throws Exception {
        Path base = Paths.get("target", "suggest-jetty-base").toAbsolutePath();
        prepareBase(base);
        Process jetty = jetty(base, null).redirectOutput(base.resolve("jetty.log").toFile()).start();
        String named;
        try {
            AgentCli suggest = AgentCli.run("suggest", Long.toString(jetty.pid()), "--ready-url=" + URL);
            System.out.println(suggest.output);
            assertEquals(0, suggest.exit, suggest.output + "\njetty:\n" + Files.readString(base.resolve("jetty.log")));
            // start.jar's main returns right after Server#start (the server's threads keep the JVM): the outermost
            // call that ended as Jetty began to serve; the preset's Server#doStart is the one inside it.
            assertTrue(suggest.output.matches("(?s).*\nready method: ready=org\\.eclipse\\.jetty\\.(start\\.Main#main|server\\.Server#"
                    + "(start|doStart))\n.*"), suggest.output);
            assertTrue(suggest.output.contains("org.eclipse.jetty.server.Server#doStart"), suggest.output);
            assertTrue(suggest.output.contains("org.eclipse.jetty.util.component.AbstractLifeCycle#start"), "named as called "
                    + "more than once: " + suggest.output);
            named = suggest.output.replaceAll("(?s).*\nready method: (ready=\\S+)\n.*", "$1");
        } finally {
            end(jetty);
        }
        ReadyTiming timing = ReadyTiming.of(jetty(base, named).redirectOutput(base.resolve("jetty-agent.log").toFile()),
                base.resolve("notify.sock"), URL);
        System.out.println(named + ": " + timing);
        assertTrue(timing.readyNanos > timing.lastRefusalStartNanos, "READY before the service served: " + timing);
        assertTrue(timing.readyNanos - timing.firstAnswerNanos < 1_000_000_000L, timing.toString());
    }

    /** java [-javaagent:...=OPTIONS] -jar start.jar, in BASE. */
    private static ProcessBuilder jetty(Path base, String agentOptions) {
        List<String> command = new ArrayList<>(List.of(AgentCli.JAVA));
        if (agentOptions != null) {
            command.add("-javaagent:" + AgentCli.JAR.toAbsolutePath() + "=" + agentOptions);
        }
        command.addAll(List.of("-jar", HOME.resolve("start.jar").toString(), "jetty.home=" + HOME, "jetty.base=" + base,
                "jetty.http.port=" + PORT));
        return new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true);
    }

    private static void end(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** A jetty.base made by start.jar itself, with this module's servlet as an exploded webapp. */
    private static void prepareBase(Path base) throws Exception {
        deleteTree(base);
        Files.createDirectories(base);
        Process add = new ProcessBuilder(AgentCli.JAVA, "-jar", HOME.resolve("start.jar").toString(), "jetty.home=" + HOME,
                "jetty.base=" + base, "--add-modules=http,ee10-deploy,work").directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(base.resolve("add-modules.log").toFile()).start();
        assertTrue(add.waitFor(2, TimeUnit.MINUTES) && add.exitValue() == 0, Files.readString(base.resolve("add-modules.log")));
        Path webapp = base.resolve("webapps/hang");
        copyTree(Paths.get("target/classes"), webapp.resolve("WEB-INF/classes"));
        Files.copy(Paths.get("src/main/webapp/WEB-INF/web.xml"), webapp.resolve("WEB-INF/web.xml"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (File file : (Iterable<File>) files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile)::iterator) {
                    if (!file.delete()) {
                        throw new IOException("cannot delete " + file);
                    }
                }
            }
        }
    }
}
