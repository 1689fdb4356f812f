package io.github.sdwatchdog.it.compat;

import io.github.sdwatchdog.it.AgentProcess;
import io.github.sdwatchdog.it.NotifyReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.github.sdwatchdog.it.compat.Compat.AGENT_LINE;
import static io.github.sdwatchdog.it.compat.Compat.APP_JAR;
import static io.github.sdwatchdog.it.compat.Compat.GENEROUS;
import static io.github.sdwatchdog.it.compat.Compat.assertWatched;
import static io.github.sdwatchdog.it.compat.Compat.unexpected;
import static io.github.sdwatchdog.it.compat.Compat.watched;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4, "logging managers": a service that installs its own java.util.logging manager, as JBoss and
 * WildFly do, gets it. The JDK fixes the manager at the first use of JUL, so an agent that used JUL,
 * even from a background thread, would take that choice away from the service.
 */
class LogManagerIT {
    private static final String CUSTOM = "jul-app: log manager compat.JulApp$CustomLogManager";

    @TempDir
    Path dir;

    /**
     * The service sets the property in main only once the agent has done all it does at startup: premain,
     * loading JNA, connecting, READY and pings (the test opens a gate file then). Setting it at once, as
     * WildFly does, would race with the agent's watchdog thread and could pass by luck.
     */
    @Test
    void setInMainAfterTheAgentHasDoneEverything() throws Exception {
        Path gate = dir.resolve("gate");
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = watched(systemd, "compat.JulApp#start", "compat.JulApp#tick")
                     .main("-cp", APP_JAR, "compat.JulApp", gate.toString()).start()) {
            assertWatched(systemd, "compat.JulApp#tick");
            Files.createFile(gate);
            app.awaitStdout("jul-app: log manager", GENEROUS);
            assertTrue(app.stdoutText().contains(CUSTOM + "\n"), app.stdoutText());
            int pings = systemd.receivedWith("WATCHDOG=1").size();
            systemd.awaitCount(d -> d.hasLine("WATCHDOG=1"), pings + 2, GENEROUS, "with WATCHDOG=1 after the app's first JUL use");
            assertEquals(List.of(), unexpected(app.stderr(), AGENT_LINE, ".* compat.JulApp main$", "^INFO: logging through the application's own manager$"), "stderr");
        }
    }

    @Test
    void setOnTheCommandLine() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = watched(systemd, "compat.JulApp#start", "compat.JulApp#tick")
                     .jvmArg("-Djava.util.logging.manager=compat.JulApp$CustomLogManager")
                     .main("-cp", APP_JAR, "compat.JulApp").start()) {
            app.awaitStdout("jul-app: log manager", GENEROUS);
            assertWatched(systemd, "compat.JulApp#tick");
            assertTrue(app.stdoutText().contains(CUSTOM + "\n"), app.stdoutText());
        }
    }
}
