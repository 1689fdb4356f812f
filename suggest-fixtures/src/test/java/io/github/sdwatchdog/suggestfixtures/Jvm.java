package io.github.sdwatchdog.suggestfixtures;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A separate JVM (a fixture service, or the agent's command line), its output read line by line with when each came. */
final class Jvm implements AutoCloseable {
    static final String JAVA = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    static final Path AGENT_JAR = Paths.get(System.getProperty("agent.jar", "../agent/target/sd-watchdog-agent.jar"));
    static final String FIXTURE_PATH = System.getProperty("fixture.classes", "target/classes") + ":"
            + System.getProperty("fixture.lib", "target/lib") + "/*";
    static final Duration GENEROUS = Duration.ofSeconds(90);

    /** One line and when it was read (System.nanoTime()). */
    static final class Line {
        final long nanos;
        final String text;

        Line(long nanos, String text) {
            this.nanos = nanos;
            this.text = text;
        }
    }

    private final Process process;
    private final List<Line> lines = new ArrayList<>();

    private Jvm(List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        for (String inherited : List.of("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JAVA_TOOL_OPTIONS")) {
            builder.environment().remove(inherited); // a test run under systemd must not reach it
        }
        builder.environment().putAll(environment);
        process = builder.start();
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(new Line(System.nanoTime(), line));
                        lines.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "pump-" + command.get(command.size() - 1));
        pump.setDaemon(true);
        pump.start();
    }

    /** A fixture main class of this module, with the pools' jars. */
    static Jvm fixture(String mainClass, String... args) throws IOException {
        return fixture(Map.of(), List.of(), mainClass, args);
    }

    /** {@code java [jvmArgs] -cp ... mainClass args}, with more environment. */
    static Jvm fixture(Map<String, String> environment, List<String> jvmArgs, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", FIXTURE_PATH, mainClass));
        command.addAll(Arrays.asList(args));
        return new Jvm(command, environment);
    }

    /** {@code java -jar sd-watchdog-agent.jar args}. */
    static Jvm agent(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", AGENT_JAR.toString()));
        command.addAll(Arrays.asList(args));
        return new Jvm(command, Map.of());
    }

    long pid() {
        return process.pid();
    }

    /** The first line containing TEXT, waiting for it until LIMIT. */
    Line await(String text, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (lines) {
            while (true) {
                for (Line line : lines) {
                    if (line.text.contains(text)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no line with '" + text + "' within " + limit + "; output:\n" + output());
                }
                TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, 200_000_000L));
            }
        }
    }

    /** The exit status, waiting until LIMIT. */
    int exit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("did not end within " + limit + "; output:\n" + output());
        }
        Thread.sleep(100); // the pump reads what is left
        return process.exitValue();
    }

    String output() {
        StringBuilder text = new StringBuilder();
        synchronized (lines) {
            for (Line line : lines) {
                text.append(line.text).append('\n');
            }
        }
        return text.toString();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
