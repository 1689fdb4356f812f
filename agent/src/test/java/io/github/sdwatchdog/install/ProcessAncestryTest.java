package io.github.sdwatchdog.install;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ancestry as /proc tells it, for this test JVM: its parent first, up to a given PID or to PID 1. */
class ProcessAncestryTest {
    private final long self = ProcessHandle.current().pid();
    private final long parent = ProcessHandle.current().parent().orElseThrow().pid();

    @Test
    void theParentComesFirstAndTheWalkStopsAtTheGivenPid() {
        assertEquals(parent, ProcessAncestry.parentOf(self));
        List<Ancestor> ancestors = new ProcessAncestry(self).apply(parent);
        assertEquals(1, ancestors.size(), ancestors.toString());
        assertEquals(parent, ancestors.get(0).pid);
    }

    @Test
    void theWalkEndsAtPidOneAndNoAncestorOfThisTestRunsTheAgent() {
        List<Ancestor> ancestors = new ProcessAncestry(self).apply(1L);
        assertFalse(ancestors.isEmpty());
        assertEquals(parent, ancestors.get(0).pid);
        for (Ancestor ancestor : ancestors) {
            assertFalse(ancestor.runsAgent, "Maven and the test JVMs do not load sd-watchdog: " + ancestors);
        }
        long last = ancestors.get(ancestors.size() - 1).pid;
        assertTrue(last == 1 || ancestors.size() == 16 || ProcessAncestry.parentOf(last) <= 0, ancestors.toString());
    }

    @Test
    void aProcessThatIsGoneHasNoParent() {
        assertEquals(-1, ProcessAncestry.parentOf(Long.MAX_VALUE));
    }

    @Test
    void onlyTheLaunchersOwnOptionsCountNotTheProgramsArguments() {
        assertEquals("-Xmx1g\0-javaagent:/a/sd-watchdog.jar=ready=a.B#c\0-cp\0lib/*\0",
                ProcessAncestry.launcherOptions(new String[] {"java", "-Xmx1g", "-javaagent:/a/sd-watchdog.jar=ready=a.B#c",
                        "-cp", "lib/*", "a.Main", "-javaagent:/x/sd-watchdog.jar"}));
        assertEquals("", ProcessAncestry.launcherOptions(new String[] {"java", "-jar", "benchmarks.jar",
                "-jvmArgsAppend", "-javaagent:/a/sd-watchdog-agent.jar=ready=a.B#c"}), "JMH hands its forks the agent");
        assertEquals("--add-opens\0java.base/java.lang=ALL-UNNAMED\0", ProcessAncestry.launcherOptions(new String[] {"java",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-m", "app/a.Main", "-javaagent:/a/sd-watchdog.jar"}));
    }
}
