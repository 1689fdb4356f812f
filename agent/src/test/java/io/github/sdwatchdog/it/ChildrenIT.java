package io.github.sdwatchdog.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only the main JVM talks to systemd. The receiver reads each sender's PID from SCM_CREDENTIALS, as systemd
 * does. The agent comes through JAVA_TOOL_OPTIONS, the drop-in form, which reaches every child JVM and jcmd.
 */
class ChildrenIT {
    static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void childJvmsAndJcmdInheritNeitherTheSocketNorTheWatchdogVariablesAndSendNothing() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder()
                     .env("JAVA_TOOL_OPTIONS", "-javaagent:" + AgentProcess.AGENT_JAR.toAbsolutePath()
                             + "=ready=com.example.testapp.Server#start,progress=com.example.testapp.WorkLoop#tick")
                     .env("WATCHDOG_USEC", "2000000").notifySocket(systemd)
                     // as systemd does: WATCHDOG_PID is the main process, the JVM that replaces this shell
                     .prefix("sh", "-c", "WATCHDOG_PID=$$ exec \"$0\" \"$@\"")
                     .appArgs("--startup=200ms", "--spawn-children=500ms").start()) {
            systemd.awaitLine("READY=1", GENEROUS);
            app.awaitStdout("children-done", GENEROUS);
            String out = app.stdoutText();
            for (String shell : new String[] {"env-untouched", "env-touched"}) {
                assertTrue(out.contains("child[" + shell + "]: NOTIFY_SOCKET=unset WATCHDOG_USEC=unset WATCHDOG_PID=unset"), out);
            }
            assertTrue(out.contains("child[child-jvm]: test-app: startup-returns"), "the child ran the ready method: " + out);
            assertTrue(out.contains("child[child-jvm]: <6>sd-watchdog: NOTIFY_SOCKET is not set"), out);
            assertTrue(out.contains("child[jcmd]: <6>sd-watchdog: NOTIFY_SOCKET is not set"), out);
            assertTrue(out.contains("child[child-jvm] exited 0") && out.contains("child[jcmd] exited 0"), out);
            systemd.awaitCount(d -> d.hasLine("WATCHDOG=1"), 3, GENEROUS, "pings after the children ran");
            for (NotifyReceiver.Datagram datagram : systemd.received()) {
                assertEquals(app.pid(), datagram.senderPid, "every datagram from the main JVM: " + systemd.received());
            }
            assertEquals(1, systemd.receivedWith("READY=1").size(), systemd.received().toString());
            assertTrue(systemd.receivedWith("STOPPING=1").isEmpty(), systemd.received().toString());
        }
    }

    @Test
    void aJvmThatIsNotTheMainProcessSendsNothingAndSaysWhy() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent("ready=com.example.testapp.Server#start")
                     .env("WATCHDOG_USEC", "2000000").env("WATCHDOG_PID", "1").notifySocket(systemd)
                     .appArgs("--startup=0ms", "--tick=20ms", "--fault=exit", "--fault-after=2s", "--exit-code=0").start()) {
            AgentProcess.Line warning = app.awaitStderr("<4>sd-watchdog: WATCHDOG_PID=1 names the unit's main process", GENEROUS);
            assertTrue(warning.text.contains("it sends nothing to systemd (no READY=1, STATUS=, WATCHDOG=1 or STOPPING=1)"), warning.text);
            assertEquals(0, app.awaitExit(GENEROUS));
            assertTrue(app.stdoutText().contains("startup-returns"), app.stdoutText());
            assertTrue(systemd.received().isEmpty(), "nothing at all, STOPPING=1 included: " + systemd.received());
            assertFalse(app.stderrText().contains("instrumented"), app.stderrText());
        }
    }
}
