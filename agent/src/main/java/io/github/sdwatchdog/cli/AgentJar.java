package io.github.sdwatchdog.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The agent jar this command runs from: its path (what {@code enable} puts in a unit) and its version, which the
 * build writes into the manifest (Implementation-Version) from the Maven project version, the one place it is set.
 */
final class AgentJar {
    static final String UNKNOWN_VERSION = "(unknown: not run from the agent jar)";
    private static final String UNVERSIONED = "sd-watchdog.jar";

    /**
     * The jar, or empty when the classes run unpacked (the agent's own unit tests). The package's unversioned link
     * when it points here: the JVM reports the versioned file it resolved, which an upgrade removes.
     */
    static Optional<Path> path() {
        return location().map(jar -> {
            Path link = jar.resolveSibling(UNVERSIONED);
            try {
                return !jar.equals(link) && Files.isSymbolicLink(link) && Files.isSameFile(link, jar) ? link : jar;
            } catch (IOException e) {
                return jar;
            }
        });
    }

    private static Optional<Path> location() {
        CodeSource source = AgentJar.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            Path location = Paths.get(source.getLocation().toURI());
            return Files.isRegularFile(location) ? Optional.of(location.toAbsolutePath()) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String version() {
        Optional<Path> jar = path();
        if (jar.isEmpty()) {
            return UNKNOWN_VERSION;
        }
        try (JarFile file = new JarFile(jar.get().toFile(), false)) {
            Manifest manifest = file.getManifest();
            String version = manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
            return version == null ? UNKNOWN_VERSION : version;
        } catch (IOException e) {
            return UNKNOWN_VERSION;
        }
    }

    private AgentJar() {
    }
}
