package io.github.sdwatchdog.servers.tomcat;

import io.github.sdwatchdog.servers.AgentCli;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** check 'preset=tomcat' --classpath against Tomcat 10.1's lib/ and the embed-core jars of 9.0 and 11.0. */
class PresetCheckTest {
    static final String READY = "org.apache.catalina.core.StandardServer#startInternal";
    static final String PROGRESS = "org.apache.catalina.connector.CoyoteAdapter#service";

    private static String tomcat101Jars() throws IOException {
        Path home = Paths.get(System.getProperty("catalina.home"));
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            return Stream.concat(lib, Stream.of(home.resolve("bin/bootstrap.jar"), home.resolve("bin/tomcat-juli.jar")))
                    .map(Path::toString).filter(p -> p.endsWith(".jar")).sorted().collect(Collectors.joining(File.pathSeparator));
        }
    }

    private static void presetWorks(String classpath) throws Exception {
        AgentCli check = AgentCli.run("check", "preset=tomcat", "--classpath", classpath);
        assertEquals(0, check.exit, check.output);
        assertTrue(check.output.contains("preset=tomcat expands to"), check.output);
        assertTrue(check.output.contains("ok: " + READY + " (ready)"), check.output);
        assertTrue(check.output.contains("ok: " + PROGRESS + " (progress)"), check.output);
    }

    @Test
    void tomcat101Distribution() throws Exception {
        presetWorks(tomcat101Jars());
    }

    @Test
    void tomcat9EmbedCore() throws Exception {
        presetWorks(System.getProperty("tomcat9.jar"));
    }

    @Test
    void tomcat11EmbedCore() throws Exception {
        presetWorks(System.getProperty("tomcat11.jar"));
    }

    @Test
    void aMisspeltProgressMethodExits78NamingTheNearest() throws Exception {
        AgentCli check = AgentCli.run("check", "preset=tomcat,progress=org.apache.catalina.connector.CoyoteAdapter#servce",
                "--classpath", tomcat101Jars());
        assertEquals(78, check.exit, check.output);
        assertTrue(check.output.contains("declares no method 'servce' (nearest: service"), check.output);
    }
}
