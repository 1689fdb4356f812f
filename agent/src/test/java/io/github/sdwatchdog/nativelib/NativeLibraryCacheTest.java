package io.github.sdwatchdog.nativelib;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cache's rules, each on its own, against a jar holding a made-up library (the real one is in NativeLibraryCacheIT). */
class NativeLibraryCacheTest {
    private static final String ENTRY = "inst/com/sun/jna/linux-x86-64/libjnidispatch.so";

    @TempDir
    Path dir;

    private final byte[] library = new byte[100_000];
    private JarFile jar;
    private Path root;
    private Path tmp;
    private String savedJnaTmpdir;
    private String savedTmpdir;

    @BeforeEach
    void makeJarAndDirectories() throws IOException {
        new Random(17).nextBytes(library);
        Path jarPath = dir.resolve("agent.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jarPath))) {
            out.putNextEntry(new JarEntry(ENTRY));
            out.write(library);
            out.closeEntry();
        }
        jar = new JarFile(jarPath.toFile());
        root = dir.resolve("jna-tmp");
        tmp = Files.createDirectory(dir.resolve("tmp"));
        savedJnaTmpdir = System.getProperty("jna.tmpdir");
        savedTmpdir = System.getProperty("java.io.tmpdir");
        System.setProperty("jna.tmpdir", root.toString());
        System.setProperty("java.io.tmpdir", tmp.toString());
    }

    @AfterEach
    void restore() throws IOException {
        jar.close();
        restore("jna.tmpdir", savedJnaTmpdir);
        restore("java.io.tmpdir", savedTmpdir);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private Path find() throws Exception {
        URL url = NativeLibraryCache.find(jar, ENTRY);
        return url == null ? null : Paths.get(url.toURI());
    }

    private Path cachedFile() throws IOException {
        int uid = (Integer) Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
        JarEntry entry = jar.getJarEntry(ENTRY);
        return root.toRealPath().resolve("sd-watchdog-" + uid)
                .resolve("libjnidispatch-" + Long.toHexString(entry.getCrc()) + "-" + entry.getSize() + ".so");
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void writesOnceOwnerOnlyThenReusesTheVerifiedFile() throws Exception {
        Path first = find();
        assertEquals(cachedFile(), first);
        assertArrayEquals(library, Files.readAllBytes(first));
        assertEquals("r-x------", permissions(first));
        assertEquals("rwx------", permissions(first.getParent()));
        assertEquals("rwx------", permissions(root), "a missing jna.tmpdir is made owner-only too");
        Object inode = Files.getAttribute(first, "unix:ino");
        assertEquals(first, find());
        assertEquals(inode, Files.getAttribute(first, "unix:ino"), "not rewritten");
        assertTrue(NativeLibraryCache.place().startsWith("jna.tmpdir="), NativeLibraryCache.place());
    }

    @Test
    void aFileOthersCouldWriteIsReplacedEvenWithTheRightBytes() throws Exception {
        Path file = find();
        Object inode = Files.getAttribute(file, "unix:ino");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertEquals(file, find());
        assertNotEquals(inode, Files.getAttribute(file, "unix:ino"), "a new file, not the one others may hold open");
        assertEquals("r-x------", permissions(file));
    }

    @Test
    void aSymbolicLinkInPlaceOfTheFileIsReplaced() throws Exception {
        Path file = find();
        Path elsewhere = Files.write(dir.resolve("elsewhere.so"), library);
        Files.delete(file);
        Files.createSymbolicLink(file, elsewhere);
        assertEquals(file, find());
        assertTrue(Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aSymbolicLinkInPlaceOfTheDirectoryIsNotFollowed() throws Exception {
        Files.createDirectories(root);
        Path agentDir = cachedFile().getParent();
        Files.createSymbolicLink(agentDir, Files.createDirectory(dir.resolve("somewhere")));
        Path file = find();
        assertEquals(tmp.toRealPath(), file.getParent(), "a private copy in java.io.tmpdir");
        assertTrue(file.getFileName().toString().startsWith("jna"), "named so that JNA deletes it once loaded");
        assertEquals("r-x------", permissions(file));
        assertArrayEquals(library, Files.readAllBytes(file));
        assertEquals("java.io.tmpdir=" + tmp, NativeLibraryCache.place());
    }

    @Test
    void aRootOthersMayWriteIsNotUsed() throws Exception {
        Files.createDirectory(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path file = find();
        assertEquals(tmp.toRealPath(), file.getParent());
        assertNull(NativeLibraryCache.refusal());
    }

    @Test
    void whenNeitherPlaceCanBeTrustedNothingIsOfferedAndTheReasonIsKept() throws Exception {
        Files.createDirectory(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertNull(find());
        String refusal = NativeLibraryCache.refusal();
        assertTrue(refusal.contains(root + " is writable by other users (mode 0777, not sticky)")
                && refusal.contains("nor in java.io.tmpdir=" + tmp + ": " + tmp + " is writable by other users")
                && refusal.contains("set -Djna.tmpdir to a directory only uid"), refusal);
    }

    @Test
    void aDirectoryOfAnotherUsersIsNotUsed() throws Exception {
        Assumptions.assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Paths.get("/proc/self"), "unix:uid")),
                "SKIPPED: only root can give a directory to another user");
        Files.createDirectories(root);
        Path agentDir = Files.createDirectories(cachedFile().getParent());
        UserPrincipal nobody = agentDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(agentDir, nobody);
        Path file = find();
        assertEquals(tmp.toRealPath(), file.getParent());
    }
}
