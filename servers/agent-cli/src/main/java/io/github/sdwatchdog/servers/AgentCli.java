package io.github.sdwatchdog.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code java -jar sd-watchdog-agent.jar ARGS...} as the servers' tests run it: the running JVM's java, the
 * agent jar named by the system property {@code agent.jar}, its output and exit status.
 */
public final class AgentCli {
    public static final Path JAR = Paths.get(System.getProperty("agent.jar", "../../agent/target/sd-watchdog-agent.jar"));
    public static final String JAVA = Paths.get(System.getProperty("java.home"), "bin", "java").toString();

    public final int exit;
    public final String output; // stdout, then stderr

    private AgentCli(int exit, String output) {
        this.exit = exit;
        this.output = output;
    }

    public static AgentCli run(String... args) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new AssertionError(JAR + " is missing; build the agent first");
        }
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes(); // ends when the process does
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("agent " + args[0] + " did not end: " + new String(out, StandardCharsets.UTF_8));
        }
        return new AgentCli(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** {@code check '<options>' --classpath <classPath>}. */
    public static AgentCli check(String options, String classPath) throws IOException, InterruptedException {
        return run("check", options, "--classpath", classPath);
    }

    /** The jars directly in DIR, sorted, as a class path; fails unless one of them has NAME_PART in its name. */
    public static String jarsIn(Path dir, String namePart) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return classPath(files, dir, namePart);
        }
    }

    /** As {@link #jarsIn}, with the jars anywhere under DIR (a JBoss Modules tree). */
    public static String jarsUnder(Path dir, String namePart) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return classPath(files, dir, namePart);
        }
    }

    private static String classPath(Stream<Path> files, Path dir, String namePart) {
        List<String> paths = files.map(Path::toString).filter(p -> p.endsWith(".jar")).sorted().collect(Collectors.toList());
        if (paths.stream().noneMatch(p -> Paths.get(p).getFileName().toString().contains(namePart))) {
            throw new AssertionError("no " + namePart + "*.jar in " + dir + ": " + paths);
        }
        return String.join(":", paths);
    }
}
