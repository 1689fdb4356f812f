package io.github.sdwatchdog.servers.artemis;

import io.github.sdwatchdog.servers.AgentCli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

/** preset=artemis against the jars of the Artemis distribution the build unpacked (its lib/), with check --classpath. */
class ArtemisPresetCheckTest {
    private static final String[] METHODS = {
        "org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl#start",
        "org.apache.activemq.artemis.core.protocol.core.ServerSessionPacketHandler#onMessagePacket",
        "org.apache.activemq.artemis.core.io.buffer.TimedBuffer#flushBatch",
    };

    private static AgentCli check(String options) throws Exception {
        return AgentCli.check(options, AgentCli.jarsIn(Paths.get(System.getProperty("artemis.home"), "lib"), "artemis-server-"));
    }

    @Test
    void presetMethodsExistInTheDistribution() throws Exception {
        AgentCli result = check("preset=artemis");
        assertEquals(0, result.exit, result.output);
        assertTrue(result.output.contains("preset=artemis expands to"), result.output);
        for (String method : METHODS) {
            assertTrue(result.output.contains("ok: " + method), method + " in:\n" + result.output);
        }
    }

    @Test
    void aMisspeltProgressMethodIsRefusedWithTheNearestName() throws Exception {
        AgentCli result = check("preset=artemis,progress=org.apache.activemq.artemis.core.io.buffer.TimedBuffer#flushBath");
        assertEquals(78, result.exit, result.output);
        assertTrue(result.output.contains("flushBath"), result.output);
        assertTrue(result.output.contains("nearest: flushBatch"), result.output);
    }

}
