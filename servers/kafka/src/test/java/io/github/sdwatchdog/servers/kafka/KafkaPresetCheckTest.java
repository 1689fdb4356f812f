package io.github.sdwatchdog.servers.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * {@code check 'preset=kafka' --classpath} against the real Kafka jars from Maven Central: the 4.x server run by
 * systemd/e2e/servers/kafka.sh (target/kafka/libs), and the two 3.9 jars that declare the preset's methods.
 */
class KafkaPresetCheckTest {
    private static final String[] METHODS = {
        "kafka.server.KafkaRaftServer#startup",
        "kafka.server.KafkaApis#handle",
        "org.apache.kafka.raft.KafkaRaftClient#poll",
    };

    private static final class Result {
        final int status;
        final String output;

        Result(int status, String output) {
            this.status = status;
            this.output = output;
        }
    }

    private static String classPath(String property) throws IOException {
        Path libs = Paths.get(System.getProperty(property));
        try (Stream<Path> jars = Files.list(libs)) {
            String path = jars.filter(p -> p.toString().endsWith(".jar")).sorted().map(Path::toString)
                    .collect(Collectors.joining(":"));
            assertFalse(path.isEmpty(), "no jars in " + libs);
            return path;
        }
    }

    private static Result check(String options) throws Exception {
        return check(options, classPath("kafka.libs"));
    }

    private static Result check(String options, String classPath) throws Exception {
        Path agent = Paths.get(System.getProperty("sdwatchdog.agent.jar"));
        assertTrue(Files.isRegularFile(agent), agent + " is missing");
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", agent.toString(), "check", options, "--classpath", classPath));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "check did not finish");
        return new Result(process.exitValue(), output);
    }

    @Test
    void presetMethodsExistInTheKafkaJars() throws Exception {
        Result result = check("preset=kafka");
        assertEquals(0, result.status, result.output);
        assertTrue(result.output.contains("preset=kafka expands to"), result.output);
        for (String method : METHODS) {
            assertTrue(result.output.contains("ok: " + method), method + " not confirmed:\n" + result.output);
        }
    }

    @Test
    void presetMethodsExistInKafka39() throws Exception {
        Result result = check("preset=kafka", classPath("kafka39.jars"));
        assertEquals(0, result.status, result.output);
        for (String method : METHODS) {
            assertTrue(result.output.contains("ok: " + method), method + " not confirmed in 3.9:\n" + result.output);
        }
    }

    @Test
    void misspeltProgressMethodIsRefusedWithTheNearestName() throws Exception {
        Result result = check("preset=kafka,progress=kafka.server.KafkaApis#handel");
        assertEquals(78, result.status, result.output);
        assertTrue(result.output.contains("declares no method 'handel' (nearest: handle"), result.output);
    }
}
