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
}
