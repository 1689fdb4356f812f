package io.github.sdwatchdog.it.compat;

import io.github.sdwatchdog.it.AgentProcess;
import io.github.sdwatchdog.it.NotifyReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import static io.github.sdwatchdog.it.compat.Compat.AGENT_LINE;
import static io.github.sdwatchdog.it.compat.Compat.APP_JAR;
import static io.github.sdwatchdog.it.compat.Compat.FIXTURES;
import static io.github.sdwatchdog.it.compat.Compat.GENEROUS;
import static io.github.sdwatchdog.it.compat.Compat.LIBS;
import static io.github.sdwatchdog.it.compat.Compat.assertWatched;
import static io.github.sdwatchdog.it.compat.Compat.unexpected;
import static io.github.sdwatchdog.it.compat.Compat.watched;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4, "no clashes": a service bringing its own old Byte Buddy (1.12.19), JNA 5.8.0 and SLF4J 2
 * with slf4j-simple runs with the agent as it runs without it, and is still watched.
 */
class ApplicationLibrariesIT {
    @TempDir
    Path dir;

    private static AgentProcess.Builder clashApp(AgentProcess.Builder builder) {
        if (Runtime.version().feature() >= 22) {
            // The application's own JNA needs this on JDK 24+ (JEP 472), with or without the agent; the agent's does not.
            builder.jvmArg("--enable-native-access=ALL-UNNAMED");
        }
        return builder.main("-cp", APP_JAR + File.pathSeparator + LIBS, "compat.ClashApp");
    }

    @Test
    void theApplicationsOwnCopiesWinAndNothingWarns() throws Exception {
        List<String> withoutAgent;
        try (AgentProcess plain = clashApp(AgentProcess.builder()).start()) {
            plain.awaitStdout("clash-app: started", GENEROUS);
            withoutAgent = plain.stdout().stream().map(l -> l.text).collect(java.util.stream.Collectors.toList());
        }
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = clashApp(watched(systemd, "compat.ClashApp#start", "compat.ClashApp#tick")).start()) {
            app.awaitStdout("clash-app: started", GENEROUS);
            assertWatched(systemd, "compat.ClashApp#tick");
            String out = app.stdoutText();
            String lib = FIXTURES.resolve("lib") + "/";
            assertTrue(out.contains("clash-app: bytebuddy 1.12.19 from " + lib + "byte-buddy-1.12.19.jar\n"), out);
            assertTrue(out.contains("clash-app: bytebuddy made true\n"), out);
            assertTrue(out.contains("clash-app: jna 5.8.0 from " + lib + "jna-5.8.0.jar\n"), out);
            assertTrue(out.contains("clash-app: jna getpid true\n"), out);
            assertTrue(out.contains("clash-app: slf4j 2.0.20 from " + lib + "slf4j-api-2.0.20.jar\n"), out);
            assertTrue(out.contains("clash-app: slf4j binding org.slf4j.simple.SimpleLoggerFactory from "
                    + lib + "slf4j-simple-2.0.20.jar\n"), out);
            // Every copy the application's loader can find: its own, none from the agent jar on the class path.
            assertTrue(out.contains("copies of net/bytebuddy/ByteBuddy.class [file:" + lib + "byte-buddy-1.12.19.jar]\n"), out);
            assertTrue(out.contains("copies of com/sun/jna/Native.class [file:" + lib + "jna-5.8.0.jar]\n"), out);
            assertTrue(out.contains("copies of com/sun/jna/linux-x86-64/libjnidispatch.so [file:" + lib + "jna-5.8.0.jar]\n"), out);
            assertTrue(out.contains("copies of org/slf4j/LoggerFactory.class [file:" + lib + "slf4j-api-2.0.20.jar]\n"), out);
            assertTrue(out.contains("copies of info/faljse/SDNotify/jna/CLibrary.class []\n"), out);
            assertTrue(out.contains("copies of io/github/sdwatchdog/config/OptionsParser.class []\n"), out);
            for (String internal : new String[] {"io.github.sdwatchdog.config.OptionsParser",
                    "io.github.sdwatchdog.shaded.bytebuddy.jar.asm.ClassReader", "info.faljse.SDNotify.jna.CLibrary",
                    "io.github.sdwatchdog.notify.SdNotifyTransport"}) {
                assertTrue(out.contains("clash-app: can load " + internal + " false\n"), out);
            }
            // The application's output is what it is without the agent, line for line.
            List<String> withAgent = app.stdout().stream().map(l -> l.text)
                    .limit(withoutAgent.size()).collect(java.util.stream.Collectors.toList());
            assertEquals(withoutAgent, withAgent);
            // No SLF4J (no-binding, multiple bindings), JNA or JDK warning: only the agent's lines and the app's own log line.
            assertEquals(List.of(), unexpected(app.stderr(), AGENT_LINE,
                    "^\\[main\\] INFO clash-app - logging through the application's own SLF4J$"), "stderr");
        }
    }
}
