package io.github.sdwatchdog.it.compat;

import io.github.sdwatchdog.it.AgentProcess;
import io.github.sdwatchdog.it.NotifyReceiver;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the compatibility tests share: the fixture jars (compat-fixtures/target) and what "watched" means. */
final class Compat {
    static final Path FIXTURES = Paths.get(System.getProperty("compat.dir", "../compat-fixtures/target"))
            .toAbsolutePath().normalize();
    static final String APP_JAR = FIXTURES.resolve("compat-fixtures.jar").toString();
    static final String PLUGIN_JAR = FIXTURES.resolve("compat-fixtures-plugin.jar").toString();
    static final String OUTER_JAR = FIXTURES.resolve("outer.jar").toString();
    static final String PRELOAD_AGENT_JAR = FIXTURES.resolve("compat-fixtures-preload-agent.jar").toString();
    static final String LIBS = FIXTURES.resolve("lib") + File.separator + "*";
    static final Duration GENEROUS = Duration.ofSeconds(30);
    static final String AGENT_LINE = "^<[0-7]>sd-watchdog: .*";

    /** A fixture with the agent watching it, under a watchdog of one second (pings every 0.5 s). */
    static AgentProcess.Builder watched(NotifyReceiver systemd, String ready, String progress) {
        return AgentProcess.builder().agent("ready=" + ready + ",progress=" + progress)
                .notifySocket(systemd).env("WATCHDOG_USEC", "1000000");
    }

    /** READY, three pings, and a healthy status naming the progress point: the agent does its job. */
    static void assertWatched(NotifyReceiver systemd, String progressPoint) throws InterruptedException {
        systemd.awaitLine("READY=1", GENEROUS);
        systemd.awaitCount(d -> d.hasLine("WATCHDOG=1"), 3, GENEROUS, "with WATCHDOG=1");
        NotifyReceiver.Datagram healthy = systemd.await(d -> d.text.startsWith("STATUS=healthy"), GENEROUS, "healthy");
        assertTrue(healthy.text.contains(progressPoint), healthy.text);
    }

    /** Calls of the progress method before {@link #assertCounted} makes it block (at 20 ms per call, a few seconds). */
    static final String BLOCK_AT = "-Dcompat.block-at=100";
    /** Options for the fixtures' progress methods: a stall well under the time they tick before blocking. */
    static final String STALL = "@1s";

    /**
     * Proves that the calls were counted, not only woven. The fixture (run with {@link #BLOCK_AT}) ticks
     * for a few seconds, then its progress method blocks for good. A point whose counter never moved is
     * "quiet" from READY on; one stall later, with no thread inside, the agent settles on "idle" and stays
     * there until the counter moves, so it would never call the blocked method stuck. Only a counter that
     * moved until the block makes the point stuck a stall after it.
     */
    static void assertCounted(NotifyReceiver systemd, AgentProcess app, String progressPoint, String blockedLine)
            throws InterruptedException {
        app.awaitStdout(blockedLine, GENEROUS);
        systemd.await(d -> d.text.startsWith("STATUS=UNHEALTHY") && d.text.contains(progressPoint + " stuck: no call begun for "),
                GENEROUS, "unhealthy, naming " + progressPoint);
        app.awaitStderr("progress point " + progressPoint + " is stuck", GENEROUS);
    }

    /** Lines of a stream that match none of the expected patterns. */
    static List<String> unexpected(List<AgentProcess.Line> lines, String... expectedPatterns) {
        Predicate<String> expected = line -> {
            for (String pattern : expectedPatterns) {
                if (line.matches(pattern)) {
                    return true;
                }
            }
            return false;
        };
        return lines.stream().map(l -> l.text).filter(expected.negate()).collect(Collectors.toList());
    }

    private Compat() {
    }
}
