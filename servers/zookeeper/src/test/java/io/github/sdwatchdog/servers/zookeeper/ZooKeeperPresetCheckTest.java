package io.github.sdwatchdog.servers.zookeeper;

import io.github.sdwatchdog.servers.AgentCli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** {@code check 'preset=zookeeper' --classpath <ZooKeeper's lib jars>} confirms each method of the preset. */
class ZooKeeperPresetCheckTest {
    private static AgentCli check(String options) throws Exception {
        return AgentCli.check(options, AgentCli.jarsIn(Paths.get(System.getProperty("zookeeper.lib")), "zookeeper-3."));
    }

    @Test
    void presetMethodsExistInZooKeeper() throws Exception {
        AgentCli run = check("preset=zookeeper");
        assertEquals(0, run.exit, run.output);
        assertTrue(run.output.contains("preset=zookeeper expands to"), run.output);
        assertTrue(run.output.contains("ok: org.apache.zookeeper.server.ZooKeeperServerMain#serverStarted (ready)"), run.output);
        assertTrue(run.output.contains("ok: org.apache.zookeeper.server.FinalRequestProcessor#processRequest (progress)"), run.output);
        assertTrue(run.output.contains("ok: org.apache.zookeeper.server.ZKDatabase#append (progress)"), run.output);
        assertTrue(run.output.contains("ok: org.apache.zookeeper.server.ZKDatabase#commit (progress)"), run.output);
    }

    @Test
    void misspeltProgressMethodIsRefusedWithTheNearestName() throws Exception {
        AgentCli run = check("preset=zookeeper,progress=org.apache.zookeeper.server.FinalRequestProcessor#procesRequest");
        assertEquals(78, run.exit, run.output);
        assertTrue(run.output.contains("declares no method 'procesRequest' (nearest: processRequest"), run.output);
    }
}
