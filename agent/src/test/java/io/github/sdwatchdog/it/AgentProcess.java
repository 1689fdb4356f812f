package io.github.sdwatchdog.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A separate JVM running a service (test-app by default) with the built agent, its output captured line by line. */
public final class AgentProcess implements AutoCloseable {
    public static final Path AGENT_JAR = Paths.get(System.getProperty("agent.jar", "target/sd-watchdog-agent.jar"));
    public static final Path TEST_APP_JAR = Paths.get(System.getProperty("testapp.jar", "../test-app/target/test-app.jar"));
    public static final String JAVA = Paths.get(System.getProperty("java.home"), "bin", "java").toString();

    /** One line of output and when it was read. */
    public static final class Line {
        public final Instant read;
        public final String text;

        Line(Instant read, String text) {
            this.read = read;
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private final Process process;
    private final List<Line> stdout = new ArrayList<>();
    private final List<Line> stderr = new ArrayList<>();
    private final Thread stdoutPump;
    private final Thread stderrPump;

    private AgentProcess(Process process) {
        this.process = process;
        stdoutPump = pump(process.getInputStream(), stdout, "stdout");
        stderrPump = pump(process.getErrorStream(), stderr, "stderr");
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> appArgs = new ArrayList<>();
        private final Map<String, String> env = new HashMap<>();
        private final List<String> removedEnv = new ArrayList<>(List.of("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JAVA_TOOL_OPTIONS"));
        private String agentOptions;
        private Path agentJar = AGENT_JAR;
        private List<String> main = List.of("-jar", TEST_APP_JAR.toString());
        private List<String> prefix = List.of();
        private String java = JAVA;

        /** The agent options; null runs without the agent. */
        public Builder agent(String options) {
            agentOptions = options;
            return this;
        }

        /** Another copy of the agent jar, e.g. one outside a directory the test hides. */
        public Builder agentJar(Path jar) {
            agentJar = jar;
            return this;
        }

        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        public Builder appArgs(String... args) {
            appArgs.addAll(List.of(args));
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            removedEnv.remove(key);
            return this;
        }

        public Builder notifySocket(NotifyReceiver receiver) {
            return env("NOTIFY_SOCKET", receiver.notifySocket());
        }

        /** Runs something other than test-app: e.g. {@code "-cp", path, "a.Main"}. */
        public Builder main(String... command) {
            main = List.of(command);
            return this;
        }

        /** Another JDK's launcher, e.g. {@code /usr/lib/jvm/X/bin/java}; the default is the one running the tests. */
        public Builder java(String launcher) {
            java = launcher;
            return this;
        }

        /** Wraps the java command, e.g. in {@code unshare -m sh -c ...}. */
        public Builder prefix(String... command) {
            prefix = List.of(command);
            return this;
        }

        public List<String> command() {
            List<String> command = new ArrayList<>(prefix);
            command.add(java);
            if (agentOptions != null) {
                command.add("-javaagent:" + agentJar + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
            }
            command.addAll(jvmArgs);
            command.addAll(main);
            command.addAll(appArgs);
            return command;
        }

        public AgentProcess start() throws IOException {
            ProcessBuilder builder = new ProcessBuilder(command());
            builder.directory(new File(System.getProperty("java.io.tmpdir")));
            for (String key : removedEnv) {
                builder.environment().remove(key);
            }
            builder.environment().putAll(env);
            return new AgentProcess(builder.start());
        }
    }

    private static Thread pump(InputStream in, List<Line> sink, String name) {
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (sink) {
                        sink.add(new Line(Instant.now(), line));
                        sink.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "pump-" + name);
        pump.setDaemon(true);
        pump.start();
        return pump;
    }

    public long pid() {
        return process.pid();
    }

    public List<Line> stdout() {
        synchronized (stdout) {
            return new ArrayList<>(stdout);
        }
    }

    public List<Line> stderr() {
        synchronized (stderr) {
            return new ArrayList<>(stderr);
        }
    }

    public String stderrText() {
        StringBuilder text = new StringBuilder();
        stderr().forEach(line -> text.append(line.text).append('\n'));
        return text.toString();
    }

    public String stdoutText() {
        StringBuilder text = new StringBuilder();
        stdout().forEach(line -> text.append(line.text).append('\n'));
        return text.toString();
    }

    public Line awaitStdout(String contains, Duration timeout) throws InterruptedException {
        return await(stdout, contains, timeout, "stdout");
    }

    public Line awaitStderr(String contains, Duration timeout) throws InterruptedException {
        return await(stderr, contains, timeout, "stderr");
    }

    private Line await(List<Line> lines, String contains, Duration timeout, String name) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (Line line : lines) {
                    if (line.text.contains(contains)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + name + " line containing '" + contains + "' within " + timeout
                            + "\n--- stdout:\n" + stdoutText() + "--- stderr:\n" + stderrText());
                }
                lines.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Waits for the process to exit, returning its status; fails if it does not exit in time. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process did not exit within " + timeout + "\n--- stderr:\n" + stderrText());
        }
        // Its last lines may still be in the pipes: read them to the end before anyone looks.
        stdoutPump.join(timeout.toMillis());
        stderrPump.join(timeout.toMillis());
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends a signal by name (TERM, STOP, CONT) with kill(1). */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + pid() + " failed");
        }
    }

    /** Microsecond timestamp of a test-app event line ({@code test-app: <event> at-us=N}). */
    public static Instant eventTime(Line line) {
        String micros = line.text.substring(line.text.indexOf("at-us=") + 6).trim();
        long value = Long.parseLong(micros);
        return Instant.ofEpochSecond(value / 1_000_000, (value % 1_000_000) * 1_000);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
