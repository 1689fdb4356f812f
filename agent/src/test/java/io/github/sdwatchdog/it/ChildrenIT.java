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
    void childJvmsStartedAtMainsFirstInstructionSendNothingEvenWithoutWatchdogPid() throws Exception {
        // The children inherit NOTIFY_SOCKET from the C environment (not cleared yet) and there is no WATCHDOG_PID
        // (a unit without WatchdogSec=): only the ancestry tells the child JVM that its parent speaks.
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder()
                     .env("JAVA_TOOL_OPTIONS", "-javaagent:" + AgentProcess.AGENT_JAR.toAbsolutePath()
                             + "=ready=com.example.testapp.Server#start,progress=com.example.testapp.WorkLoop#tick")
                     // The agent removes the variable from the C environment moments after start, so whether a child
                     // spawned at main's first instruction still has it is a race; the child JVM is given it instead.
                     .env("TEST_APP_CHILD_NOTIFY_SOCKET", systemd.notifySocket())
                     .notifySocket(systemd).appArgs("--spawn-early", "--startup=0ms").start()) {
            app.awaitStdout("children-done", GENEROUS);
            String out = app.stdoutText();
            assertTrue(out.contains("child[child-jvm]: test-app: startup-returns"), "the child ran the ready method: " + out);
            assertTrue(out.contains("child[child-jvm]: <6>sd-watchdog: this JVM descends from JVM " + app.pid()), out);
            assertTrue(out.contains("child[child-jvm] exited 0"), out);
            systemd.awaitLine("READY=1", GENEROUS);
            for (NotifyReceiver.Datagram datagram : systemd.received()) {
                assertEquals(app.pid(), datagram.senderPid, "every datagram from the main JVM: " + systemd.received());
            }
            assertEquals(1, systemd.receivedWith("READY=1").size(), systemd.received().toString());
            assertTrue(systemd.receivedWith("STOPPING=1").isEmpty(), systemd.received().toString());
        }
    }

    @Test
    void aJvmStartedWithoutExecClaimsTheUnitWithMainPidWhenReadyAndIsSilentBefore() throws Exception {
        // As WildFly's standalone.sh: the shell is the unit's main process and stays the JVM's parent.
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess launcher = AgentProcess.builder()
                     .agent("ready=com.example.testapp.Server#start,progress=com.example.testapp.WorkLoop#tick")
                     .env("WATCHDOG_USEC", "2000000").notifySocket(systemd)
                     .prefix("sh", "-c", "WATCHDOG_PID=$$ \"$0\" \"$@\"; status=$?; exit $status")
                     .appArgs("--startup=2s").start()) {
            AgentProcess.Line said = launcher.awaitStderr("<6>sd-watchdog: this JVM (", GENEROUS);
            assertTrue(said.text.contains("was started by the unit's main process " + launcher.pid() + " (")
                    && said.text.contains("without exec"), said.text);
            NotifyReceiver.Datagram ready = systemd.await(d -> d.hasLine("READY=1"), GENEROUS, "READY");
            assertTrue(ready.text.startsWith("MAINPID=" + ready.senderPid + "\nREADY=1"), ready.text);
            assertTrue(ready.senderPid != launcher.pid(), "the JVM, not the shell, sent it");
            assertEquals(ready, systemd.received().get(0), "nothing before READY: " + systemd.received());
            assertTrue(launcher.stdoutText().contains("startup-returns"), launcher.stdoutText());
            systemd.awaitCount(d -> d.hasLine("WATCHDOG=1") && d.senderPid == ready.senderPid, 3, GENEROUS, "pings from the JVM");
            assertFalse(launcher.stderrText().contains("<4>") || launcher.stderrText().contains("<3>"), launcher.stderrText());
        }
    }

    @Test
    void aLaunchersShortHelperJvmSaysNothingToSystemdAndNothingAboveInfo() throws Exception {
        // As Keycloak's kc.sh and GlassFish's startserv: a helper JVM runs first, then the shell execs the server JVM.
        String agent = "-javaagent:" + AgentProcess.AGENT_JAR.toAbsolutePath()
                + "=ready=com.example.testapp.Server#start,progress=com.example.testapp.WorkLoop#tick";
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess launcher = AgentProcess.builder()
                     .env("JAVA_TOOL_OPTIONS", agent).env("WATCHDOG_USEC", "2000000").notifySocket(systemd)
                     .prefix("sh", "-c", "export WATCHDOG_PID=$$; \"$0\" -cp \"$2\" com.example.testapp.Hello 2>&1 "
                             + "| sed 's/^/helper: /' >&2; exec \"$0\" \"$@\"")
                     .appArgs("--startup=0ms").start()) {
            NotifyReceiver.Datagram ready = systemd.await(d -> d.hasLine("READY=1"), GENEROUS, "READY from the server JVM");
            assertEquals(launcher.pid(), ready.senderPid, "the exec'd server JVM is the main process");
            assertFalse(ready.text.contains("MAINPID="), "the main process needs no claim: " + ready.text);
            String helper = launcher.stderrText();
            assertTrue(helper.contains("helper: hello"), "the helper JVM ran: " + helper);
            assertTrue(helper.contains("helper: <6>sd-watchdog: this JVM ("), helper);
            assertFalse(helper.matches("(?s).*helper: <[0-5]>.*"), "nothing above info from the helper: " + helper);
            for (NotifyReceiver.Datagram datagram : systemd.received()) {
                assertEquals(launcher.pid(), datagram.senderPid, "nothing from the helper: " + systemd.received());
            }
        }
    }

    @Test
    void aJvmThatDoesNotDescendFromTheMainProcessSendsNothingAndSaysWhy() throws Exception {
        Process unrelated = new ProcessBuilder("sleep", "120").start();
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent("ready=com.example.testapp.Server#start")
                     .env("WATCHDOG_USEC", "2000000").env("WATCHDOG_PID", Long.toString(unrelated.pid()))
                     .notifySocket(systemd)
                     .appArgs("--startup=0ms", "--tick=20ms", "--fault=exit", "--fault-after=2s", "--exit-code=0").start()) {
            AgentProcess.Line warning = app.awaitStderr("<4>sd-watchdog: WATCHDOG_PID=" + unrelated.pid(), GENEROUS);
            assertTrue(warning.text.contains("does not descend from it; it sends nothing to systemd"), warning.text);
            assertEquals(0, app.awaitExit(GENEROUS));
            assertTrue(app.stdoutText().contains("startup-returns"), app.stdoutText());
            assertTrue(systemd.received().isEmpty(), "nothing at all, STOPPING=1 included: " + systemd.received());
            assertFalse(app.stderrText().contains("instrumented"), app.stderrText());
        } finally {
            unrelated.destroy();
        }
    }
}
