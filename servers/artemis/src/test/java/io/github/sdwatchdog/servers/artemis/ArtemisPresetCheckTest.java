package io.github.sdwatchdog.servers.artemis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** preset=artemis against the jars of the Artemis distribution the build unpacked (its lib/), with check --classpath. */
class ArtemisPresetCheckTest {
    private static final String[] METHODS = {
        "org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl#start",
        "org.apache.activemq.artemis.core.protocol.core.ServerSessionPacketHandler#onMessagePacket",
        "org.apache.activemq.artemis.core.io.buffer.TimedBuffer#flushBatch",
    };

    private static String artemisClasspath() throws IOException {
        Path lib = Paths.get(System.getProperty("artemis.home"), "lib");
        try (Stream<Path> jars = Files.list(lib)) {
            List<String> paths = jars.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted()
                    .collect(Collectors.toList());
            assertTrue(paths.stream().anyMatch(p -> p.contains("artemis-server-")), "artemis-server jar in " + lib);
            return String.join(File.pathSeparator, paths);
        }
    }

    private static Result check(String options) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-jar", System.getProperty("sdwatchdog.agent.jar"),
                "check", options, "--classpath", artemisClasspath()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "check finished");
        return new Result(process.exitValue(), output);
    }

    @Test
    void presetMethodsExistInTheDistribution() throws Exception {
        Result result = check("preset=artemis");
        assertEquals(0, result.status, result.output);
        assertTrue(result.output.contains("preset=artemis expands to"), result.output);
        for (String method : METHODS) {
            assertTrue(result.output.contains("ok: " + method), method + " in:\n" + result.output);
        }
    }

    @Test
    void aMisspeltProgressMethodIsRefusedWithTheNearestName() throws Exception {
        Result result = check("preset=artemis,progress=org.apache.activemq.artemis.core.io.buffer.TimedBuffer#flushBath");
        assertEquals(78, result.status, result.output);
        assertTrue(result.output.contains("flushBath"), result.output);
        assertTrue(result.output.contains("nearest: flushBatch"), result.output);
    }

    private static final class Result {
        final int status;
        final String output;

        Result(int status, String output) {
            this.status = status;
            this.output = output;
        }
    }
}
