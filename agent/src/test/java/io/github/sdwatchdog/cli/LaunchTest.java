package io.github.sdwatchdog.cli;

import io.github.sdwatchdog.config.Preset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which ExecStart= commands can have the JVM as the unit's main process, and where the agent goes. */
class LaunchTest {
    @TempDir
    Path dir;

    private static Launch examine(String path, String argv, Optional<Preset> preset, String workingDirectory) {
        return Launch.examine(new UnitFacts.Command(path, Arrays.asList(argv.split(" "))), preset, workingDirectory);
    }

    @Test
    void javaThroughEnvWithAClassPathWildcardRelativeToTheWorkingDirectory() throws IOException {
        Files.createDirectories(dir.resolve("libs"));
        Files.write(dir.resolve("libs/b.jar"), new byte[0]);
        Files.write(dir.resolve("libs/a.jar"), new byte[0]);
        Files.write(dir.resolve("libs/notes.txt"), new byte[0]);
        Launch launch = examine("/usr/bin/env", "/usr/bin/env -i HOME=/ /usr/lib/jvm/x/bin/java -Xmx1g -cp libs/* acme.Main arg",
                Optional.empty(), dir.toString());
        assertNull(launch.refusal);
        assertEquals("JAVA_TOOL_OPTIONS", launch.variable);
        assertEquals(Optional.of(dir.resolve("libs/a.jar") + ":" + dir.resolve("libs/b.jar")), launch.classPath);
    }

    @Test
    void aClassPathThatIsNotHereIsNotChecked() {
        Launch launch = examine("/usr/bin/java", "/usr/bin/java -jar /nowhere/app.jar", Optional.empty(), "");
        assertNull(launch.refusal);
        assertEquals(Optional.empty(), launch.classPath);
        assertTrue(launch.classPathNote.contains("/nowhere/app.jar does not exist here"), launch.classPathNote);
    }

    @Test
    void aShellCommandMustExecTheJvm() {
        assertNull(examine("/bin/sh", "/bin/sh -c exec java -jar /opt/app.jar", Optional.empty(), "").refusal);
        String refusal = examine("/bin/sh", "/bin/sh -c java -jar /opt/app.jar", Optional.empty(), "").refusal;
        assertTrue(refusal.contains("never uses exec"), refusal);
    }

    @Test
    void aPresetsLauncherUsesItsVariableOnlyForThatPreset() throws IOException {
        Path kafka = dir.resolve("kafka-server-start.sh");
        Files.writeString(kafka, "#!/bin/bash\nexec $(dirname $0)/kafka-run-class.sh kafka.Kafka \"$@\"\n");
        assertEquals("KAFKA_OPTS", examine(kafka.toString(), kafka + " server.properties", Optional.of(Preset.KAFKA), "").variable);
        assertEquals("JAVA_TOOL_OPTIONS", examine(kafka.toString(), kafka + " server.properties", Optional.empty(), "").variable);
    }

    @Test
    void aUnitThatAlreadyLoadsTheAgentIsRefused() {
        String refusal = examine("/usr/bin/java", "/usr/bin/java -javaagent:/usr/share/java/sd-watchdog.jar=preset=jetty -jar start.jar",
                Optional.empty(), "").refusal;
        assertTrue(refusal.contains("already loads sd-watchdog"), refusal);
    }
}
