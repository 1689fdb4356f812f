package io.github.sdwatchdog.it.compat;

import io.github.sdwatchdog.it.AgentProcess;
import io.github.sdwatchdog.it.NotifyReceiver;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.sdwatchdog.it.compat.Compat.AGENT_LINE;
import static io.github.sdwatchdog.it.compat.Compat.APP_JAR;
import static io.github.sdwatchdog.it.compat.Compat.FIXTURES;
import static io.github.sdwatchdog.it.compat.Compat.GENEROUS;
import static io.github.sdwatchdog.it.compat.Compat.LIBS;
import static io.github.sdwatchdog.it.compat.Compat.assertWatched;
import static io.github.sdwatchdog.it.compat.Compat.unexpected;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 4, "JDKs": what the agent makes the JDK print. Each test runs on the JDK running the tests and
 * on every other JDK named in {@code -Dcompat.jdks=HOME,HOME} (default: Temurin 25 where this project's
 * CI keeps it); a named JDK that is not installed is skipped with a message.
 * The claim in docs/compatibility.md: the agent makes no JDK print anything, on 17 or 25, with no flag; the JEP 472
 * warning on 24+ comes only from an application's own JNA, as it does without the agent, and
 * {@code --enable-native-access=ALL-UNNAMED} silences it.
 */
class JdkWarningsIT {
    private static final String READY = "com.example.testapp.Server#start";
    private static final String PROGRESS = "com.example.testapp.WorkLoop#tick";
    /** JEP 472's four lines, and the blank line the JDK prints after them, when an unnamed module calls System.load. */
    private static final List<String> JEP_472_FOR_APP_JNA = List.of(
            "WARNING: A restricted method in java.lang.System has been called",
            "WARNING: java.lang.System::load has been called by com.sun.jna.Native in an unnamed module (file:"
                    + FIXTURES.resolve("lib/jna-5.8.0.jar") + ")",
            "WARNING: Use --enable-native-access=ALL-UNNAMED to avoid a warning for callers in this module",
            "WARNING: Restricted methods will be blocked in a future release unless native access is enabled",
            "");

    @TempDir
    Path dir;

    /** A JDK to run the services on. */
    static final class Jdk {
        final Path home;
        final int feature;

        Jdk(Path home) throws IOException {
            this.home = home;
            Matcher version = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(Files.readString(home.resolve("release")));
            this.feature = version.find() ? Integer.parseInt(version.group(1)) : -1;
        }

        String java() {
            return home.resolve("bin").resolve("java").toString();
        }

        @Override
        public String toString() {
            return "JDK " + feature + " (" + home + ")";
        }
    }

    static List<Object> jdks() throws IOException {
        Map<Path, Object> jdks = new LinkedHashMap<>();
        Path running = Paths.get(System.getProperty("java.home")).toRealPath();
        jdks.put(running, new Jdk(running));
        for (String home : System.getProperty("compat.jdks", "/usr/lib/jvm/temurin-25-jdk-amd64").split(",")) {
            Path path = Paths.get(home.trim());
            if (Files.isExecutable(path.resolve("bin/java")) && Files.isRegularFile(path.resolve("release"))) {
                jdks.putIfAbsent(path.toRealPath(), new Jdk(path.toRealPath()));
            } else {
                jdks.putIfAbsent(path, "not installed: " + path);
            }
        }
        return new ArrayList<>(jdks.values());
    }

    private static Jdk installed(Object jdk) {
        Assumptions.assumeTrue(jdk instanceof Jdk, "SKIPPED: JDK " + jdk + " (set -Dcompat.jdks=HOME,...)");
        return (Jdk) jdk;
    }

    /** test-app with the agent: nothing on stdout but test-app's lines, nothing on stderr but the agent's. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theAgentMakesTheJdkPrintNothing(Object which) throws Exception {
        Jdk jdk = installed(which);
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().java(jdk.java()).agent("ready=" + READY + ",progress=" + PROGRESS)
                     .notifySocket(systemd).env("WATCHDOG_USEC", "1000000").start()) {
            assertWatched(systemd, PROGRESS);
            // JEP 472's warning would be printed on fd 2 by the thread loading JNA, before it logs this line;
            // the JVM's own warnings (CDS, unified logging) go to stdout before main begins.
            app.awaitStderr("<6>sd-watchdog: sent READY=1", GENEROUS);
            app.awaitStdout("test-app: main-started", GENEROUS);
            assertEquals(List.of(), unexpected(app.stdout(), "^test-app: .*"), "stdout on " + jdk);
            assertEquals(List.of(), unexpected(app.stderr(), AGENT_LINE), "stderr on " + jdk);
        }
    }

    /**
     * On 24+, with {@code --illegal-native-access=deny} (what a future JDK will do by default) the agent
     * still works: it was granted native access, not merely spared the warning.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theAgentWorksWhenIllegalNativeAccessIsDenied(Object which) throws Exception {
        Jdk jdk = installed(which);
        Assumptions.assumeTrue(jdk.feature >= 24, "SKIPPED: --illegal-native-access exists from JDK 24 on");
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().java(jdk.java()).agent("ready=" + READY + ",progress=" + PROGRESS)
                     .jvmArg("--illegal-native-access=deny")
                     .notifySocket(systemd).env("WATCHDOG_USEC", "1000000").start()) {
            assertWatched(systemd, PROGRESS);
            assertEquals(List.of(), unexpected(app.stderr(), AGENT_LINE), "stderr on " + jdk);
        }
    }

    /**
     * ClashApp loads its own JNA 5.8.0. Its JDK warnings are the same with the agent as without it: on 24+,
     * JEP 472's four lines naming the application's jna-5.8.0.jar (never the agent jar); before 24, none.
     * With {@code --enable-native-access=ALL-UNNAMED}: none, with the agent.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theApplicationsOwnJnaWarnsAsWithoutTheAgentAndTheFlagSilencesIt(Object which) throws Exception {
        Jdk jdk = installed(which);
        List<String> expected = jdk.feature >= 24 ? JEP_472_FOR_APP_JNA : List.of();
        assertEquals(expected, jdkLinesOfClashApp(jdk, false, false), "without the agent, on " + jdk);
        assertEquals(expected, jdkLinesOfClashApp(jdk, true, false), "with the agent, on " + jdk);
        assertEquals(List.of(), jdkLinesOfClashApp(jdk, true, true), "with the agent and the flag, on " + jdk);
    }

    /** ClashApp's stderr lines other than the agent's and its own SLF4J line. */
    private List<String> jdkLinesOfClashApp(Jdk jdk, boolean withAgent, boolean enableNativeAccess) throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir)) {
            AgentProcess.Builder builder = AgentProcess.builder().java(jdk.java())
                    .main("-cp", APP_JAR + File.pathSeparator + LIBS, "compat.ClashApp");
            if (withAgent) {
                builder.agent("ready=compat.ClashApp#start,progress=compat.ClashApp#tick")
                        .notifySocket(systemd).env("WATCHDOG_USEC", "1000000");
            }
            if (enableNativeAccess) {
                builder.jvmArg("--enable-native-access=ALL-UNNAMED");
            }
            try (AgentProcess app = builder.start()) {
                // printed after the application's JNA has loaded, on the same stream as the JDK's warning
                app.awaitStderr("INFO clash-app - logging through the application's own SLF4J", GENEROUS);
                if (withAgent) {
                    assertWatched(systemd, "compat.ClashApp#tick");
                }
                return unexpected(app.stderr(), AGENT_LINE, ".*INFO clash-app - logging through .*");
            }
        }
    }
}
