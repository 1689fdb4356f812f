package io.github.sdwatchdog.servers.springservlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** check 'preset=spring-boot-servlet' against the application's own fat jar (nested BOOT-INF/lib jars). */
class SpringBootServletPresetIT {
    private static final String PRESET = "spring-boot-servlet";
    private static final List<String> METHODS = List.of(
            "org.springframework.boot.SpringApplication#run",
            "org.springframework.web.servlet.DispatcherServlet#doDispatch");

    @Test
    void presetChecksOutAgainstTheFatJar() throws Exception {
        Result result = check("preset=" + PRESET);
        assertEquals(0, result.status, result.output);
        assertTrue(result.output.contains("preset=" + PRESET + " expands to"), result.output);
        for (String method : METHODS) {
            assertTrue(result.output.contains("ok: " + method + " ("), method + " in:\n" + result.output);
        }
        assertTrue(result.output.contains("BOOT-INF/lib/"), "read from the nested jars:\n" + result.output);
    }

    @Test
    void aMisspeltProgressMethodIsRefusedWithTheNearestMatch() throws Exception {
        Result result = check("preset=" + PRESET + ",progress=org.springframework.web.servlet.DispatcherServlet#doDispach");
        assertEquals(78, result.status, result.output);
        assertTrue(result.output.contains("nearest: doDispatch"), result.output);
    }

    private static Result check(String options) throws IOException, InterruptedException {
        Path agent = Paths.get(System.getProperty("agent.jar"));
        Path app = Paths.get(System.getProperty("app.jar"));
        assertTrue(Files.isRegularFile(agent), "agent jar missing: " + agent);
        assertTrue(Files.isRegularFile(app), "application jar missing: " + app);
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-jar", agent.toString(), "check", options,
                "--classpath", app.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "check did not finish");
        return new Result(process.exitValue(), output);
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
