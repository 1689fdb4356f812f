package io.github.sdwatchdog.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad options stop the JVM before the service runs, with exit status 78 and one line that names the problem. */
class OptionsIT {
    static final Duration GENEROUS = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ready=com.example.testapp.Server#start,stal=10s | unknown option 'stal'",
            "ready=com.example.testapp.Server.start | 'com.example.testapp.Server.start' is not a method reference",
            "ready=com.example.testapp.Server#<init> | is not a method name",
            "ready=com..Server#start | is not a class name",
            "ready=com.example.testapp.Server#start,stall=10 | option 'stall' in the agent arguments: '10' is not a duration",
            "ready=com.example.testapp.Server#start,stall=5x | option 'stall' in the agent arguments: '5x' is not a duration",
            "ready=com.example.testapp.Server#start,deadlock-check=soon | option 'deadlock-check' in the agent arguments: 'soon' is not a duration",
            "ready=com.example.testapp.Server#start,progress=a.B#tick@0s | option 'progress' in the agent arguments: '0s' is zero",
            "ready=com.example.testapp.Server#start,on-unhealthy=kill | option 'on-unhealthy' in the agent arguments: 'kill' is not allowed; expected withhold, trigger, exit, exit:<status> or log",
            "progress=com.example.testapp.WorkLoop#tick | option 'ready' is required",
            "ready=a.B#c,,stall=1s | empty option in the agent arguments",
            "ready=a.B#c,config=/nonexistent/watchdog.properties | option 'config': cannot read '/nonexistent/watchdog.properties'",
            "ready=a.B#c,stall=2562048h | option 'stall' in the agent arguments: '2562048h' is more than 24h, the longest a watchdog may wait; expected a whole number with a unit ms, s, m or h, from 100ms to 24h",
            "ready=a.B#c,stall=999999999999999999999h | '999999999999999999999h' is more than 24h",
            "ready=a.B#c,deadlock-check=2562048h | option 'deadlock-check' in the agent arguments: '2562048h' is more than 24h",
            "ready=a.B#c,progress=a.L#t@25h | option 'progress' in the agent arguments: '25h' is more than 24h",
            "ready=a.B#c,stall=50ms | '50ms' is less than 100ms, shorter than the agent can check",
            "ready=a.B#c,stall=٥s | is not a duration; expected a whole number with a unit ms, s, m or h, from 100ms to 24h, such as 250ms, 10s or 2m (digits 0-9 only)",
            "ready=a.B#c,ready=a.B#d | option 'ready' is given twice in the agent arguments ('a.B#c' and 'a.B#d'); give it once",
            "ready=a.B#c,progress=java.lang.StringBuilder#append | option 'progress' in the agent arguments: java.lang.StringBuilder#append cannot be a target: java.lang.StringBuilder is in the JDK's java.base",
            "ready=a.B#c,progress=java.lang.String#length | java.lang.String#length cannot be a target",
            "ready=a.B#c,progress=java.util.concurrent.ConcurrentHashMap#get | java.util.concurrent.ConcurrentHashMap#get cannot be a target",
            "ready=a.B#c,progress=java.util.Objects#requireNonNull | java.util.Objects#requireNonNull cannot be a target",
            "ready=java.lang.management.ManagementFactory#getThreadMXBean | option 'ready' in the agent arguments: java.lang.management.ManagementFactory#getThreadMXBean cannot be a target: java.lang.management.ManagementFactory is in the JDK's java.management",
            "ready=io.github.sdwatchdog.bridge.WatchdogBridge#progress | it is the agent's own class",
    })
    void badOptionsStopTheJvmWithOneClearLine(String options, String expected) throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent(options).notifySocket(systemd).start()) {
            assertEquals(78, app.awaitExit(GENEROUS), app.stderrText());
            List<String> errors = app.stderr().stream().map(l -> l.text).collect(Collectors.toList());
            assertEquals(1, errors.size(), "exactly one line on stderr: " + errors);
            assertTrue(errors.get(0).startsWith("<3>sd-watchdog: "), errors.get(0));
            assertTrue(errors.get(0).contains(expected), errors.get(0));
            assertFalse(app.stdoutText().contains("main-started"), "the service must not start");
            assertTrue(systemd.received().isEmpty());
        }
    }

    @Test
    void optionsCanComeFromAConfigFile() throws Exception {
        Path config = dir.resolve("watchdog.properties");
        Files.writeString(config, "# sd-watchdog options\n"
                + "progress = com.example.testapp.WorkLoop#tick\n\n"
                + "stall = 2s\n"
                + "deadlock-check=off\n");
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder()
                     .agent("ready=com.example.testapp.Server#start,config=" + config)
                     .env("WATCHDOG_USEC", "1000000").notifySocket(systemd).start()) {
            systemd.awaitLine("READY=1", GENEROUS);
            systemd.awaitLine("WATCHDOG=1", GENEROUS);
            app.awaitStderr("instrumented com.example.testapp.WorkLoop: tick (progress)", GENEROUS);
            assertTrue(systemd.await(d -> d.text.startsWith("STATUS=healthy"), GENEROUS, "healthy status")
                    .text.contains("WorkLoop#tick"));
            assertFalse(systemd.received().toString().contains("no deadlock"), "deadlock-check=off from the file");
        }
    }

    @Test
    void aBadConfigFileNamesTheFileAndLine() throws Exception {
        Path config = dir.resolve("watchdog.properties");
        Files.writeString(config, "progress=com.example.testapp.WorkLoop#tick\nstall=forever\n");
        try (AgentProcess app = AgentProcess.builder()
                .agent("ready=com.example.testapp.Server#start,config=" + config).env("NOTIFY_SOCKET", "/run/none").start()) {
            assertEquals(78, app.awaitExit(GENEROUS));
            assertTrue(app.stderrText().contains("option 'stall' in " + config + " line 2: 'forever' is not a duration"),
                    app.stderrText());
        }
    }

    @Test
    void aConfigFileWithAByteOrderMarkIsRead() throws Exception {
        Path config = dir.resolve("watchdog.properties");
        Files.writeString(config, "\uFEFFready=com.example.testapp.Server#start\nstall=2s\n");
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent("config=" + config).notifySocket(systemd).start()) {
            systemd.awaitLine("READY=1", GENEROUS);
            assertFalse(app.stderrText().contains("unknown option"), app.stderrText());
        }
    }

    @Test
    void checkRefusesWhatWouldKillTheWatchdogLater() throws Exception {
        for (String options : List.of("ready=a.B#c,stall=2562048h", "ready=a.B#c,progress=java.lang.StringBuilder#append")) {
            try (AgentProcess check = AgentProcess.builder().main("-jar", AgentProcess.AGENT_JAR.toString(), "check", options).start()) {
                assertEquals(78, check.awaitExit(GENEROUS), check.stdoutText());
                assertTrue(check.stderrText().startsWith("invalid: option "), check.stderrText());
                assertFalse(check.stdoutText().contains("valid"), check.stdoutText());
            }
        }
    }

    @Test
    void anOptionMayNotBeInBothPlaces() throws Exception {
        Path config = dir.resolve("watchdog.properties");
        Files.writeString(config, "stall=5s\n");
        try (AgentProcess app = AgentProcess.builder()
                .agent("ready=a.B#c,stall=1s,config=" + config).env("NOTIFY_SOCKET", "/run/none").start()) {
            assertEquals(78, app.awaitExit(GENEROUS));
            assertTrue(app.stderrText().contains("option 'stall' is given twice (in the agent arguments and in "
                    + config + " line 1)"), app.stderrText());
        }
    }

    @Test
    void badOptionsStopTheJvmEvenWithoutNotifySocket() throws Exception {
        try (AgentProcess app = AgentProcess.builder().agent("ready=a.B#c,stall=1").start()) {
            assertEquals(78, app.awaitExit(GENEROUS));
        }
    }

    @Test
    void theJarPrintsItsOptionsWithDefaults() throws Exception {
        try (AgentProcess help = AgentProcess.builder().main("-jar", AgentProcess.AGENT_JAR.toString(), "--help").start()) {
            assertEquals(0, help.awaitExit(GENEROUS));
            String text = help.stdoutText();
            for (String expected : List.of("ready", "progress", "stall", "default 30s", "deadlock-check", "default 10s",
                    "on-unhealthy", "default withhold", "config")) {
                assertTrue(text.contains(expected), "help lacks " + expected + ":\n" + text);
            }
        }
        try (AgentProcess bare = AgentProcess.builder().main("-jar", AgentProcess.AGENT_JAR.toString()).start()) {
            assertEquals(0, bare.awaitExit(GENEROUS));
            assertTrue(bare.stdoutText().contains("Options:"));
        }
    }

    @Test
    void checkValidatesAnOptionStringAndExplainsErrors() throws Exception {
        try (AgentProcess good = AgentProcess.builder().main("-jar", AgentProcess.AGENT_JAR.toString(), "check",
                "ready=a.B$C#start,progress=a.Loop#tick@5s,stall=2m").start()) {
            assertEquals(0, good.awaitExit(GENEROUS));
            assertTrue(good.stdoutText().contains("options are valid: ready=a.B$C#start, progress=a.Loop#tick@5s, stall=2m"),
                    good.stdoutText());
        }
        try (AgentProcess bad = AgentProcess.builder().main("-jar", AgentProcess.AGENT_JAR.toString(), "check",
                "ready=a.B#start,stall=2 minutes").start()) {
            assertEquals(78, bad.awaitExit(GENEROUS));
            assertTrue(bad.stderrText().contains("option 'stall' in the agent arguments: '2 minutes' is not a duration"),
                    bad.stderrText());
        }
    }
}
