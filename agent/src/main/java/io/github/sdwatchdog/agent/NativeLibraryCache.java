package io.github.sdwatchdog.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Keeps one unpacked copy of JNA's native library per version, so JNA loads it from a {@code file:} URL
 * instead of unpacking it from the jar at every start (about 15 ms of the time before READY can be sent).
 * The copy lives where JNA unpacks its own: {@code jna.tmpdir} when set, else {@code ~/.cache/JNA}, in a
 * directory of the agent's, named by the library's CRC and size, written whole and then renamed into
 * place, so concurrent starts never see half a file. Wherever that fails (no home, {@code ProtectHome=}),
 * JNA unpacks it itself, as before.
 */
final class NativeLibraryCache {
    static URL find(JarFile jar, String entryName) {
        try {
            JarEntry entry = jar.getJarEntry(entryName);
            if (entry == null || entry.getSize() < 0) {
                return null;
            }
            String tmpdir = System.getProperty("jna.tmpdir");
            Path dir = tmpdir != null ? Paths.get(tmpdir, "sd-watchdog")
                    : Paths.get(System.getProperty("user.home"), ".cache", "JNA", "sd-watchdog");
            // Not named jna*: JNA deletes files of that name after loading them.
            Path library = dir.resolve("libjnidispatch-" + Long.toHexString(entry.getCrc()) + "-" + entry.getSize() + ".so");
            if (!Files.isRegularFile(library) || Files.size(library) != entry.getSize()) {
                Files.createDirectories(dir);
                Path partial = Files.createTempFile(dir, "partial-", ".tmp");
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            return library.toUri().toURL();
        } catch (IOException | RuntimeException e) {
            return null; // JNA unpacks it from the jar itself
        }
    }

    private NativeLibraryCache() {
    }
}
