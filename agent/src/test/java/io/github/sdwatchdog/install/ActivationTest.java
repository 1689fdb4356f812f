package io.github.sdwatchdog.install;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.OptionsParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which JVM of a unit speaks for the service, decided from the options, the environment and the ancestors. */
class ActivationTest {
    private static final long PID = 500;
    private final List<Long> ancestryAsked = new ArrayList<>();

    private static AgentConfig options(String text) throws Exception {
        return OptionsParser.parse(text);
    }

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private Function<Long, List<Ancestor>> ancestors(Ancestor... chain) {
        return stopAt -> {
            ancestryAsked.add(stopAt);
            return Arrays.asList(chain);
        };
    }

    private static Ancestor shell(long pid) {
        return new Ancestor(pid, false, "bash");
    }

    private static Ancestor agentJvm(long pid) {
        return new Ancestor(pid, true, "java");
    }

    @Test
    void theMainProcessSpeaksFromTheStartWithoutReadingAnyAncestor() throws Exception {
        Activation activation = Activation.decide(options("ready=a.B#start"),
                env("NOTIFY_SOCKET", "/run/notify", "WATCHDOG_PID", "500"), PID, ancestors());
        assertEquals(Activation.Role.MAIN, activation.role);
        assertNull(activation.message);
        assertTrue(ancestryAsked.isEmpty(), "no /proc read on the common path");
    }

    @Test
    void withoutNotifySocketTheAgentStaysInactiveUnlessProbesOrExitAskForChecks() throws Exception {
        Activation off = Activation.decide(options("ready=a.B#start"), env(), PID, ancestors());
        assertEquals(Activation.Role.INACTIVE, off.role);
        assertTrue(off.message.startsWith("NOTIFY_SOCKET is not set"), off.message);
        Activation probes = Activation.decide(options("ready=a.B#start,http=8558"), env(), PID, ancestors(shell(1)));
        assertEquals(Activation.Role.MAIN, probes.role);
        assertNull(probes.address);
        assertTrue(probes.message.contains("the probe endpoints"), probes.message);
    }

    @Test
    void anUnusableSocketAddressIsNamedAndTheAgentStaysInactive() throws Exception {
        Activation activation = Activation.decide(options("ready=a.B#start"), env("NOTIFY_SOCKET", "relative/path"), PID,
                ancestors());
        assertEquals(Activation.Role.INACTIVE, activation.role);
        assertTrue(activation.message.endsWith("the agent stays inactive"), activation.message);
    }

    @Test
    void aDescendantOfAJvmThatRunsTheAgentNeverSpeaksWhateverItInherited() throws Exception {
        // An early child: NOTIFY_SOCKET not yet cleared, no WATCHDOG_PID (the unit has no WatchdogSec=).
        Activation early = Activation.decide(options("ready=a.B#start"), env("NOTIFY_SOCKET", "/run/notify"), PID,
                ancestors(agentJvm(400), shell(300)));
        assertEquals(Activation.Role.INACTIVE, early.role);
        assertTrue(early.message.contains("400 (java), which runs sd-watchdog"), early.message);
        assertFalse(early.messageIsWarning, "a normal event: info, not a warning");
        // With WATCHDOG_PID naming that JVM, and with probes configured too.
        Activation child = Activation.decide(options("ready=a.B#start,http=8558"),
                env("NOTIFY_SOCKET", "/run/notify", "WATCHDOG_PID", "400"), PID, ancestors(agentJvm(400)));
        assertEquals(Activation.Role.INACTIVE, child.role);
        assertEquals(List.of(400L), ancestryAsked.subList(1, 2));
    }

    @Test
    void aJvmStartedWithoutExecByTheMainProcessWaitsForReadyToClaimTheUnit() throws Exception {
        Activation activation = Activation.decide(options("ready=a.B#start"),
                env("NOTIFY_SOCKET", "/run/notify", "WATCHDOG_PID", "300"), PID, ancestors(shell(400), shell(300)));
        assertEquals(Activation.Role.LAUNCHED, activation.role);
        assertFalse(activation.messageIsWarning, "a launcher's helper JVM logs nothing above info");
        assertTrue(activation.message.contains("stays silent until a.B#start returns, then claims the unit with MAINPID=500"),
                activation.message);
        assertTrue(activation.message.contains("NotifyAccess=all"), activation.message);
    }

    @Test
    void aJvmThatDoesNotDescendFromTheMainProcessSendsNothing() throws Exception {
        Activation activation = Activation.decide(options("ready=a.B#start"),
                env("NOTIFY_SOCKET", "/run/notify", "WATCHDOG_PID", "300"), PID, ancestors(shell(1)));
        assertEquals(Activation.Role.INACTIVE, activation.role);
        assertTrue(activation.messageIsWarning);
        assertTrue(activation.message.contains("does not descend from it"), activation.message);
    }

    @Test
    void aBlankOrBrokenWatchdogPidIsUnknownSoTheJvmIsTheMainProcessUnlessAnAncestorSpeaks() throws Exception {
        for (String value : new String[] {"", "  ", "abc"}) {
            Activation activation = Activation.decide(options("ready=a.B#start"),
                    env("NOTIFY_SOCKET", "/run/notify", "WATCHDOG_PID", value), PID, ancestors(shell(1)));
            assertEquals(Activation.Role.MAIN, activation.role, "WATCHDOG_PID='" + value + "'");
        }
        assertEquals(-1, Activation.mainPid(env("WATCHDOG_PID", " ")));
        assertEquals(42, Activation.mainPid(env("WATCHDOG_PID", " 42 ")));
    }
}
