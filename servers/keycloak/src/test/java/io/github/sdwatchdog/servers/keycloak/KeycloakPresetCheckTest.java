package io.github.sdwatchdog.servers.keycloak;

import io.github.sdwatchdog.servers.AgentCli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** {@code check 'preset=keycloak' --classpath <lib/lib/main/*.jar>} confirms each method of the preset. */
class KeycloakPresetCheckTest {

    private static AgentCli check(String options) throws Exception {
        return AgentCli.check(options,
                AgentCli.jarsIn(Paths.get(System.getProperty("keycloak.home"), "lib", "lib", "main"), "quarkus-core-"));
    }

    /**
     * Both methods exist with a body. Application#start waits on a condition only while another start is under way
     * (a guarded wait in a loop that can exit), and READY came at the right time in every start under systemd: check
     * must not say it may never return.
     */
    @Test
    void presetMethodsExistInTheDistribution() throws Exception {
        AgentCli run = check("preset=keycloak");
        assertEquals(0, run.exit, run.output);
        assertTrue(run.output.contains("ok: io.quarkus.runtime.Application#start (ready)"), run.output);
        assertTrue(run.output.contains("ok: org.jboss.resteasy.reactive.server.handlers.InvocationHandler#handle (progress)"),
                run.output);
    }

    @Test
    void misspeltProgressClassIsRefused() throws Exception {
        AgentCli run = check("preset=keycloak,progress=org.jboss.resteasy.reactive.server.handlers.InvokeHandler#handle");
        assertEquals(78, run.exit, run.output);
        assertTrue(run.output.contains("InvokeHandler"), run.output);
    }
}
