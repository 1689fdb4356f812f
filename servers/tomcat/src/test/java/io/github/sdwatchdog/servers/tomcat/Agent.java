package io.github.sdwatchdog.servers.tomcat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code java -jar sd-watchdog-agent.jar ARGS...} with the running JVM's java, its output and exit status. */
final class Agent {
    static final Path JAR = Paths.get(System.getProperty("agent.jar"));
    static final String JAVA = Paths.get(System.getProperty("java.home"), "bin", "java").toString();

    final int exit;
    final String output; // stdout, then stderr

    private Agent(int exit, String output) {
        this.exit = exit;
        this.output = output;
    }

    static Agent run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes(); // ends when the process does
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("agent " + args[0] + " did not end: " + new String(out, StandardCharsets.UTF_8));
        }
        return new Agent(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
