package io.github.sdwatchdog.suggest;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the stacks of a starting service part ways between dumps, and which methods are called once. */
class StartupReturnsTest {
    /** A dump of one thread "main" #1; sites outermost first, as "class.method:line". */
    private static List<DumpedThread> main(String... outermostFirst) {
        StringBuilder text = new StringBuilder("\"main\" #1 prio=5 tid=0x1 nid=1 runnable\n   java.lang.Thread.State: RUNNABLE\n");
        for (int i = outermostFirst.length - 1; i >= 0; i--) {
            String[] site = outermostFirst[i].split(":");
            text.append("\tat ").append(site[0]).append("(X.java:").append(site[1]).append(")\n");
        }
        return DumpedThread.parse(text.append('\n').toString());
    }

    private static List<String> methods(List<StartupReturns.Returned> returned) {
        List<String> methods = new ArrayList<>();
        for (StartupReturns.Returned call : returned) {
            methods.add(call.method + "@" + call.depth + " since " + call.since);
        }
        return methods;
    }

    @Test
    void theFramesThatEndedAreThoseBeyondWhereTheStacksPartWays() {
        StartupReturns returns = new StartupReturns();
        returns.add(main("a.Main.main:10", "a.Server.start:20", "a.Lifecycle.start:5", "a.Server.startInternal:30", "a.Deployer.deploy:7"));
        returns.add(main("a.Main.main:10", "a.Server.start:20", "a.Lifecycle.start:5", "a.Server.startInternal:31", "a.Connector.start:3"));
        assertEquals(List.of("a.Deployer.deploy@4 since 0"), methods(returns.lastReturns()), "startInternal moved on: the same call");
        returns.add(main("a.Main.main:10", "a.Server.start:22", "a.Server.await:9"));
        assertEquals(List.of("a.Lifecycle.start@2 since 0", "a.Server.startInternal@3 since 0", "a.Connector.start@4 since 1"),
                methods(returns.lastReturns()));
        assertFalse(returns.calledMoreThanOnce("a.Server.startInternal"));
    }

    @Test
    void aMethodSeenAsTwoCallsIsCalledMoreThanOnce() {
        StartupReturns returns = new StartupReturns();
        returns.add(main("a.Main.main:10", "a.Lifecycle.start:5", "a.Server.startInternal:30", "a.Lifecycle.start:5", "a.Service.startInternal:1"));
        assertTrue(returns.calledMoreThanOnce("a.Lifecycle.start"), "nested");
        assertFalse(returns.calledMoreThanOnce("a.Service.startInternal"));
        returns.add(main("a.Main.main:10", "a.Lifecycle.start:5", "a.Server.startInternal:31"));
        returns.add(main("a.Main.main:10", "a.Lifecycle.start:5", "a.Server.startInternal:32", "a.Deployer.deployOne:1"));
        returns.add(main("a.Main.main:10", "a.Lifecycle.start:5", "a.Server.startInternal:33"));
        returns.add(main("a.Main.main:10", "a.Lifecycle.start:5", "a.Server.startInternal:32", "a.Deployer.deployOne:1"));
        assertTrue(returns.calledMoreThanOnce("a.Deployer.deployOne"), "seen again after it returned");
        assertFalse(returns.calledMoreThanOnce("a.Server.startInternal"), "one call that moved on");
    }

    @Test
    void aThreadThatEndedReturnedFromEverything() {
        StartupReturns returns = new StartupReturns();
        returns.add(main("a.Main.main:10", "a.Server.start:20"));
        returns.add(List.of());
        assertEquals(List.of("a.Main.main@0 since 0", "a.Server.start@1 since 0"), methods(returns.lastReturns()));
        assertTrue(returns.lastReturns().get(0).threadEnded);
    }
}
