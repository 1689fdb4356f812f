package io.github.sdwatchdog.servers.kafka;

import io.github.sdwatchdog.servers.AgentCli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Paths;
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

    private static String classPath(String property) throws IOException {
        return AgentCli.jarsIn(Paths.get(System.getProperty(property)), "kafka");
    }

    private static AgentCli check(String options) throws Exception {
        return AgentCli.check(options, classPath("kafka.libs"));
    }

    @Test
    void presetMethodsExistInTheKafkaJars() throws Exception {
        AgentCli result = check("preset=kafka");
        assertEquals(0, result.exit, result.output);
        assertTrue(result.output.contains("preset=kafka expands to"), result.output);
        for (String method : METHODS) {
            assertTrue(result.output.contains("ok: " + method), method + " not confirmed:\n" + result.output);
        }
    }

    @Test
    void presetMethodsExistInKafka39() throws Exception {
        AgentCli result = AgentCli.check("preset=kafka", classPath("kafka39.jars"));
        assertEquals(0, result.exit, result.output);
        for (String method : METHODS) {
            assertTrue(result.output.contains("ok: " + method), method + " not confirmed in 3.9:\n" + result.output);
        }
    }

    @Test
    void misspeltProgressMethodIsRefusedWithTheNearestName() throws Exception {
        AgentCli result = check("preset=kafka,progress=kafka.server.KafkaApis#handel");
        assertEquals(78, result.exit, result.output);
        assertTrue(result.output.contains("declares no method 'handel' (nearest: handle"), result.output);
    }
}
