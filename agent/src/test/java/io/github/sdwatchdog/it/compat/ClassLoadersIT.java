package io.github.sdwatchdog.it.compat;

import io.github.sdwatchdog.it.AgentProcess;
import io.github.sdwatchdog.it.NotifyReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import static io.github.sdwatchdog.it.compat.Compat.AGENT_LINE;
import static io.github.sdwatchdog.it.compat.Compat.APP_JAR;
import static io.github.sdwatchdog.it.compat.Compat.BLOCK_AT;
import static io.github.sdwatchdog.it.compat.Compat.GENEROUS;
import static io.github.sdwatchdog.it.compat.Compat.OUTER_JAR;
import static io.github.sdwatchdog.it.compat.Compat.PLUGIN_JAR;
import static io.github.sdwatchdog.it.compat.Compat.PRELOAD_AGENT_JAR;
import static io.github.sdwatchdog.it.compat.Compat.STALL;
import static io.github.sdwatchdog.it.compat.Compat.assertCounted;
import static io.github.sdwatchdog.it.compat.Compat.assertWatched;
import static io.github.sdwatchdog.it.compat.Compat.unexpected;
import static io.github.sdwatchdog.it.compat.Compat.watched;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4, "every class loader": the ready and progress methods of one plugin class work whichever
 * loader defines it, and in classes that are already loaded, or already being called, when the agent
 * starts. Each test sees READY and pings, then makes the progress method block and sees the agent call
 * it stuck, which it can only do if it counted the calls before (see {@link Compat#assertCounted}).
 */
class ClassLoadersIT {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // mode   | Plugin's loader and its parent, as LoaderApp prints them | how the agent's log names the loader
            "system   | jdk.internal.loader.ClassLoaders$AppClassLoader whose parent is jdk.internal.loader.ClassLoaders$PlatformClassLoader | ' in jdk.internal.loader.ClassLoaders$AppClassLoader'",
            "boot     | bootstrap whose parent is -                       | ''",
            "child    | java.net.URLClassLoader whose parent is jdk.internal.loader.ClassLoaders$AppClassLoader | ' in java.net.URLClassLoader'",
            "isolated | java.net.URLClassLoader whose parent is bootstrap | ' in java.net.URLClassLoader'",
            "nested   | compat.LoaderApp$NestedJarLoader whose parent is jdk.internal.loader.ClassLoaders$AppClassLoader | ' in compat.LoaderApp$NestedJarLoader'"})
    void readyAndProgressWorkInClassesOfEveryLoader(String mode, String loaders, String agentSays) throws Exception {
        AgentProcess.Builder builder;
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir)) {
            builder = watched(systemd, "compat.plugin.Plugin#start", "compat.plugin.Plugin#tick" + STALL).jvmArg(BLOCK_AT);
            String classPath = APP_JAR;
            if (mode.equals("system")) {
                classPath += File.pathSeparator + PLUGIN_JAR;
            } else if (mode.equals("boot")) {
                builder.jvmArg("-Xbootclasspath/a:" + PLUGIN_JAR);
            }
            try (AgentProcess app = builder.main("-cp", classPath, "compat.LoaderApp", mode, PLUGIN_JAR, OUTER_JAR).start()) {
                app.awaitStdout("plugin: started", GENEROUS);
                assertWatched(systemd, "compat.plugin.Plugin#tick");
                assertTrue(app.stdoutText().contains("loader-app: Plugin loaded by " + loaders + "\n"), app.stdoutText());
                assertTrue(app.stderrText().contains(
                        "<6>sd-watchdog: instrumented compat.plugin.Plugin: start (ready), tick (progress)" + agentSays + "\n"),
                        app.stderrText());
                assertCounted(systemd, app, "compat.plugin.Plugin#tick", "plugin: blocking inside tick");
                // No NoClassDefFoundError, no stack trace: nothing on stdout but the fixture's lines, nothing on stderr but the agent's.
                assertEquals(List.of(), unexpected(app.stdout(), "^(loader-app|plugin): .*"), "stdout");
                assertEquals(List.of(), unexpected(app.stderr(), AGENT_LINE), "stderr");
            }
        }
    }

    /** A first agent, listed before ours, loads and initialises the target classes. */
    @Test
    void classesLoadedBeforeTheAgentStartsAreRetransformed() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder()
                     .jvmArg("-javaagent:" + PRELOAD_AGENT_JAR + "=com.example.testapp.Server;com.example.testapp.WorkLoop")
                     .jvmArg("-javaagent:" + AgentProcess.AGENT_JAR + "=ready=com.example.testapp.Server#start,"
                             + "progress=com.example.testapp.WorkLoop#tick" + STALL)
                     .notifySocket(systemd).env("WATCHDOG_USEC", "1000000")
                     .appArgs("--tick=20ms", "--fault=hang", "--fault-after=3s").start()) {
            assertWatched(systemd, "com.example.testapp.WorkLoop#tick");
            // premains run in command-line order: the classes were loaded before the agent started
            app.awaitStdout("preload-agent: loaded com.example.testapp.WorkLoop", GENEROUS);
            app.awaitStderr("instrumented com.example.testapp.WorkLoop: tick (progress)", GENEROUS);
            assertTrue(app.stderrText().contains("instrumented com.example.testapp.Server: start (ready)"), app.stderrText());
            assertCounted(systemd, app, "com.example.testapp.WorkLoop#tick", "fault=hang");
            assertEquals(List.of(), unexpected(app.stderr(), AGENT_LINE), "stderr");
        }
    }

    /**
     * The progress method is already being called, from another thread, before the agent's premain runs.
     * Each call after the retransformation runs the new code, so it counts; a call already running when
     * the class is retransformed would count only from the next call.
     */
    @Test
    void aProgressMethodAlreadyBeingCalledWhenTheAgentStartsCounts() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder()
                     .jvmArg("-javaagent:" + PRELOAD_AGENT_JAR + "=compat.EarlyApp#tick")
                     .jvmArg("-javaagent:" + AgentProcess.AGENT_JAR + "=ready=compat.EarlyApp#start,progress=compat.EarlyApp#tick" + STALL)
                     .jvmArg(BLOCK_AT).notifySocket(systemd).env("WATCHDOG_USEC", "1000000")
                     .main("-cp", APP_JAR, "compat.EarlyApp").start()) {
            assertWatched(systemd, "compat.EarlyApp#tick");
            app.awaitStdout("preload-agent: calling compat.EarlyApp#tick", GENEROUS);
            app.awaitStderr("instrumented compat.EarlyApp: start (ready), tick (progress)", GENEROUS);
            assertCounted(systemd, app, "compat.EarlyApp#tick", "early-app: blocking inside tick");
            assertEquals(List.of(), unexpected(app.stderr(), AGENT_LINE), "stderr");
        }
    }
}
