package io.github.sdwatchdog.servers.glassfish;

import io.github.sdwatchdog.servers.AgentCli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** {@code check 'preset=glassfish' --classpath <glassfish/modules/*.jar>} confirms each method of the preset. */
class GlassFishPresetCheckTest {

    private static AgentCli check(String options) throws Exception {
        return AgentCli.check(options,
                AgentCli.jarsIn(Paths.get(System.getProperty("glassfish.home"), "glassfish", "modules"), "kernel"));
    }

    @Test
    void presetMethodsExistInTheDistribution() throws Exception {
        AgentCli run = check("preset=glassfish");
        assertEquals(0, run.exit, run.output);
        assertTrue(run.output.contains("ok: com.sun.enterprise.v3.server.AppServerStartup#start (ready)"), run.output);
        assertTrue(run.output.contains("ok: org.apache.catalina.connector.CoyoteAdapter#service (progress)"), run.output);
    }

    @Test
    void tomcatsReadyClassIsNotInGlassFish() throws Exception {
        AgentCli run = check("preset=tomcat");
        assertEquals(78, run.exit, run.output);
        assertTrue(run.output.contains("org.apache.catalina.core.StandardServer"), run.output);
    }
}
