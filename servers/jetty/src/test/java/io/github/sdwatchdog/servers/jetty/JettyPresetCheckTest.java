package io.github.sdwatchdog.servers.jetty;

import io.github.sdwatchdog.servers.AgentCli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** {@code check 'preset=jetty' --classpath <jetty-home's lib jars>} confirms each method of the preset. */
class JettyPresetCheckTest {

    private static AgentCli check(String options) throws Exception {
        return AgentCli.check(options, AgentCli.jarsIn(Paths.get(System.getProperty("jetty.home"), "lib"), "jetty-server-"));
    }

    @Test
    void presetMethodsExistInJettyHome() throws Exception {
        AgentCli run = check("preset=jetty");
        assertEquals(0, run.exit, run.output);
        assertTrue(run.output.contains("preset=jetty expands to"), run.output);
        assertTrue(run.output.contains("ok: org.eclipse.jetty.server.Server#doStart (ready)"), run.output);
        assertTrue(run.output.contains("ok: org.eclipse.jetty.server.Server#handle (progress)"), run.output);
    }

    @Test
    void misspeltProgressMethodIsRefusedWithTheNearestName() throws Exception {
        AgentCli run = check("preset=jetty,progress=org.eclipse.jetty.server.Server#handel");
        assertEquals(78, run.exit, run.output);
        assertTrue(run.output.contains("declares no method 'handel' (nearest: handle"), run.output);
        assertFalse(run.output.contains("ok: org.eclipse.jetty.server.Server#handel"), run.output);
    }
}
