package io.github.sdwatchdog.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The agent refuses its own classes as targets, and only its own: its list of packages is the source tree's. */
class TargetSafetyTest {
    @Test
    void theListOfTheAgentsOwnPackagesIsTheSourceTrees() throws IOException {
        Path root = Paths.get("src/main/java/io/github/sdwatchdog");
        Set<String> packages;
        try (Stream<Path> dirs = Files.list(root)) {
            packages = dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()).collect(Collectors.toSet());
        }
        assertEquals(packages, TargetSafety.OWN_PACKAGES);
    }

    @Test
    void theAgentsClassesAreRefusedAndASiblingPackageIsNot() {
        assertThrows(ConfigException.class, () -> TargetSafety.check("progress", "the agent arguments",
                new MethodRef("io.github.sdwatchdog.health.HealthRules", "check")));
        assertDoesNotThrow(() -> TargetSafety.check("progress", "the agent arguments",
                new MethodRef("io.github.sdwatchdog.bench.Target", "instrumentedTick")));
    }
}
