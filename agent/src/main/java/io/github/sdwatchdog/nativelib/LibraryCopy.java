package io.github.sdwatchdog.nativelib;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** JNA's native library as the agent jar holds it: what every file loaded is compared with, and written from. */
final class LibraryCopy {
    private static final int CHUNK = 16 * 1024;

    private final JarFile jar;
    private final JarEntry entry;

    LibraryCopy(JarFile jar, JarEntry entry) {
        this.jar = jar;
        this.entry = entry;
    }

    /** One name per build of the library (its CRC and size). Not jna*: JNA deletes files so named once loaded. */
    String cachedName() {
        return "libjnidispatch-" + Long.toHexString(entry.getCrc()) + "-" + entry.getSize() + ".so";
    }

    /** Whether the file holds exactly the jar's bytes; a size check first, then a byte-for-byte comparison. */
    boolean isIn(Path file) throws IOException {
        if (Files.size(file) != entry.getSize()) {
            return false;
        }
        byte[] expected = new byte[CHUNK];
        byte[] actual = new byte[CHUNK];
        try (InputStream jarBytes = jar.getInputStream(entry);
             InputStream fileBytes = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            while (true) {
                int wanted = jarBytes.readNBytes(expected, 0, CHUNK);
                int found = fileBytes.readNBytes(actual, 0, CHUNK);
                if (wanted != found || Arrays.mismatch(expected, 0, wanted, actual, 0, found) >= 0) {
                    return false;
                }
                if (wanted < CHUNK) {
                    return true;
                }
            }
        }
    }

    /**
     * Writes the library to a new file in dir, created exclusively and readable by this user only (0500 once
     * written), fsynced before it is returned, so a rename of it never exposes a partial or unsynced file.
     */
    Path writeNew(Path dir, String prefix, String suffix) throws IOException {
        Path file = Files.createTempFile(dir, prefix, suffix); // rw------- on POSIX, whatever the umask
        try {
            try (InputStream in = jar.getInputStream(entry);
                 FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
                long written = out.transferFrom(Channels.newChannel(in), 0, Long.MAX_VALUE);
                if (written != entry.getSize()) {
                    throw new IOException("wrote " + written + " of the library's " + entry.getSize() + " bytes to " + file);
                }
                out.force(true);
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r-x------"));
            return file;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }
}
