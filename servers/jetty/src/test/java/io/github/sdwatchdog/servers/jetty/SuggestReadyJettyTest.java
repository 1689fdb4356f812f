package io.github.sdwatchdog.servers.jetty;

import io.github.sdwatchdog.servers.AgentCli;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * suggest --ready-url, started with the real jetty-home 12 (java -jar start.jar, http and ee10-deploy, the hang
 * webapp exploded in webapps): it names Server#doStart, the preset's ready method, from one start.
 */
class SuggestReadyJettyTest {
    static final int PORT = 18481;
    static final Path HOME = Paths.get(System.getProperty("jetty.home"));

    @Test
    void namesServerDoStartAsTheMethodWhoseReturnIsJettyServing() throws Exception {
        Path base = Paths.get("target", "suggest-jetty-base").toAbsolutePath();
        prepareBase(base);
        Process jetty = new ProcessBuilder(AgentCli.JAVA, "-jar", HOME.resolve("start.jar").toString(), "jetty.home=" + HOME,
                "jetty.base=" + base, "jetty.http.port=" + PORT).directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(base.resolve("jetty.log").toFile()).start();
        try {
            AgentCli suggest = AgentCli.run("suggest", Long.toString(jetty.pid()), "--ready-url=http://127.0.0.1:" + PORT + "/hang/ok");
            System.out.println(suggest.output);
            assertEquals(0, suggest.exit, suggest.output + "\njetty:\n" + Files.readString(base.resolve("jetty.log")));
            assertTrue(suggest.output.contains("\nready method: ready=org.eclipse.jetty.server.Server#doStart\n"), suggest.output);
        } finally {
            jetty.destroy();
            if (!jetty.waitFor(30, TimeUnit.SECONDS)) {
                jetty.destroyForcibly();
            }
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
