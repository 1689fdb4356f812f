package io.github.sdwatchdog.servers.springservlet;

import io.github.sdwatchdog.servers.AgentCli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/** check 'preset=spring-boot-servlet' against the application's own fat jar (nested BOOT-INF/lib jars). */
class SpringBootServletPresetIT {
    private static final String PRESET = "spring-boot-servlet";
    private static final List<String> METHODS = List.of(
            "org.springframework.boot.SpringApplication#run",
            "org.springframework.web.servlet.DispatcherServlet#doDispatch");

    @Test
    void presetChecksOutAgainstTheFatJar() throws Exception {
        AgentCli result = check("preset=" + PRESET);
        assertEquals(0, result.exit, result.output);
        assertTrue(result.output.contains("preset=" + PRESET + " expands to"), result.output);
        for (String method : METHODS) {
            assertTrue(result.output.contains("ok: " + method + " ("), method + " in:\n" + result.output);
        }
        assertTrue(result.output.contains("BOOT-INF/lib/"), "read from the nested jars:\n" + result.output);
    }

    @Test
    void aMisspeltProgressMethodIsRefusedWithTheNearestMatch() throws Exception {
        AgentCli result = check("preset=" + PRESET + ",progress=org.springframework.web.servlet.DispatcherServlet#doDispach");
        assertEquals(78, result.exit, result.output);
        assertTrue(result.output.contains("nearest: doDispatch"), result.output);
    }

    private static AgentCli check(String options) throws IOException, InterruptedException {
        Path app = Paths.get(System.getProperty("app.jar"));
        assertTrue(Files.isRegularFile(app), "application jar missing: " + app);
        return AgentCli.check(options, app.toString());
    }

}
