package io.github.sdwatchdog.servers.wildfly;

import io.github.sdwatchdog.servers.AgentCli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** {@code check 'preset=wildfly' --classpath <every jar of WildFly's modules/>} confirms each method of the preset. */
class WildFlyPresetCheckTest {

    private static AgentCli check(String options) throws Exception {
        return AgentCli.check(options,
                AgentCli.jarsUnder(Paths.get(System.getProperty("wildfly.home"), "modules"), "wildfly-server-"));
    }

    @Test
    void presetMethodsExistInTheDistribution() throws Exception {
        AgentCli run = check("preset=wildfly");
        assertEquals(0, run.exit, run.output);
        assertTrue(run.output.contains("ok: org.jboss.as.server.BootstrapListener#generateBootStatistics (ready)"), run.output);
        assertTrue(run.output.contains("ok: io.undertow.server.Connectors#executeRootHandler (progress)"), run.output);
    }

    @Test
    void misspeltReadyMethodIsRefusedWithTheNearestName() throws Exception {
        AgentCli run = check("preset=wildfly,ready=org.jboss.as.server.BootstrapListener#generateBootStatistic");
        assertEquals(78, run.exit, run.output);
        assertTrue(run.output.contains("declares no method 'generateBootStatistic' (nearest: generateBootStatistics"), run.output);
    }
}
