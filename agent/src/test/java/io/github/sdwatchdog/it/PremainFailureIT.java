package io.github.sdwatchdog.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Any failure inside premain removes everything the agent installed: the service really runs without it. */
class PremainFailureIT {
    static final Duration GENEROUS = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aFailureAfterTheTransformerIsInstalledUndoesIt() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent("ready=com.example.testapp.Server#start,progress=com.example.testapp.WorkLoop#tick")
                     .jvmArg("-Dsd-watchdog.test.fail-premain=1").env("WATCHDOG_USEC", "2000000").notifySocket(systemd)
                     .appArgs("--startup=0ms", "--tick=10ms", "--fault=exit", "--fault-after=1500ms", "--exit-code=0").start()) {
            AgentProcess.Line error = app.awaitStderr("<3>sd-watchdog: cannot start, everything the agent installed is removed", GENEROUS);
            assertTrue(error.text.contains("the service runs without it"), error.text);
            assertEquals(0, app.awaitExit(GENEROUS), app.stderrText());
            assertTrue(app.stdoutText().contains("ticks=50"), app.stdoutText());
            assertFalse(app.stderrText().contains("instrumented"), "nothing woven after the failure: " + app.stderrText());
            assertTrue(systemd.received().isEmpty(), systemd.received().toString());
        }
    }
}
