package io.github.sdwatchdog.it.compat;

import io.github.sdwatchdog.it.AgentProcess;
import io.github.sdwatchdog.it.NotifyReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.github.sdwatchdog.it.compat.Compat.AGENT_LINE;
import static io.github.sdwatchdog.it.compat.Compat.GENEROUS;
import static io.github.sdwatchdog.it.compat.Compat.assertWatched;
import static io.github.sdwatchdog.it.compat.Compat.unexpected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17, "the JNA library cache can be planted": the agent (here run as root) loads JNA's native library only
 * from a file no other user could change, whatever the umask, and replaces a cached copy that is not the
 * library. The other user is {@code nobody}, through runuser(1). What the JVM really loaded is read from
 * {@code /proc/<pid>/maps}. The directories live under /var/tmp in a base directory of mode 0755, so that
 * {@code nobody} can reach whatever the agent leaves open to it.
 */
class NativeLibraryCacheIT {
    private static final String READY = "com.example.testapp.Server#start";
    private static final String PROGRESS = "com.example.testapp.WorkLoop#tick";
    private static final String NOBODY = "nobody";
    private static final int NOBODY_UID = 65534;

    private Path base;

    @BeforeEach
    void makeBaseReachableByNobody() throws IOException, InterruptedException {
        Assumptions.assumeTrue(isRoot() && run("runuser", "-u", NOBODY, "--", "true") == 0,
                "SKIPPED: needs root and runuser(1) to act as a second user (nobody)");
        base = Files.createTempDirectory(Paths.get("/var/tmp"), "sd-watchdog-native-it");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void removeBase() throws IOException {
        if (base != null) {
            try (Stream<Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /**
     * A shared jna.tmpdir like /tmp (1777): nobody got there first and made the agent's directory, with a shared
     * library of its choosing under the cached library's exact name (and under the name older builds used).
     */
    @Test
    void aLibraryPlantedInASharedStickyJnaTmpdirIsNeverLoaded() throws Exception {
        Path shared = sharedDirectory("1777");
        plantAsNobody(shared);
        try (NotifyReceiver systemd = NotifyReceiver.abstractNamespace();
             AgentProcess app = agent(systemd, "-Djna.tmpdir=" + shared).start()) {
            assertWatched(systemd, PROGRESS);
            AgentProcess.Line warning = app.awaitStderr("is not cached in jna.tmpdir=" + shared, GENEROUS);
            assertTrue(warning.text.startsWith("<4>sd-watchdog: ") && warning.text.contains(
                    shared.resolve("sd-watchdog-0") + " belongs to uid " + NOBODY_UID + ", not to this JVM's user (uid 0): another user may have planted it"),
                    warning.text);
            assertTrue(warning.text.contains("a private copy in "), warning.text);
            assertLoadedNothingFrom(app, shared);
            assertEquals(List.of(), unexpected(app.stderr(), AGENT_LINE), "stderr");
        }
    }

    /** A jna.tmpdir everyone may write and which is not sticky (0777): nobody could rename anything in it, so it is not used at all. */
    @Test
    void aJnaTmpdirOthersMayWriteIsNotUsed() throws Exception {
        Path shared = sharedDirectory("0777");
        plantAsNobody(shared);
        try (NotifyReceiver systemd = NotifyReceiver.abstractNamespace();
             AgentProcess app = agent(systemd, "-Djna.tmpdir=" + shared).start()) {
            assertWatched(systemd, PROGRESS);
            AgentProcess.Line warning = app.awaitStderr("is not cached in jna.tmpdir=" + shared, GENEROUS);
            assertTrue(warning.text.contains(shared + " is writable by other users (mode 0777, not sticky)"), warning.text);
            assertTrue(warning.text.contains("set -Djna.tmpdir to a directory only uid 0 and root can write"), warning.text);
            assertLoadedNothingFrom(app, shared);
        }
    }

    /** Under umask 000 the directories the agent makes are 0700 and the file 0500, so nobody cannot replace the library. */
    @Test
    void underUmask000TheCacheIsOwnerOnlyAndNobodyCannotReplaceIt() throws Exception {
        Path home = Files.createDirectory(base.resolve("home"));
        Path library;
        try (NotifyReceiver systemd = NotifyReceiver.abstractNamespace();
             AgentProcess app = agent(systemd, "-Duser.home=" + home).prefix("sh", "-c", "umask 000 && exec \"$0\" \"$@\"").start()) {
            assertWatched(systemd, PROGRESS);
            assertEquals(List.of(), unexpected(app.stderr(), "^<6>sd-watchdog: .*"), "stderr");
            library = loadedLibrary(app);
        }
        assertTrue(library.startsWith(home.resolve(".cache/JNA")), library.toString());
        for (Path made = library.getParent(); !made.equals(home); made = made.getParent()) {
            assertEquals("rwx------", permissions(made), made.toString());
        }
        assertEquals("r-x------", permissions(library));
        assertArrayEquals(LibraryEntry.get().bytes, Files.readAllBytes(library));

        int replaced = run("runuser", "-u", NOBODY, "--", "sh", "-c",
                "cat /bin/true > '" + library + "' || mv -f /bin/true '" + library + "'");
        assertNotEquals(0, replaced, "nobody replaced the cached library");
        assertArrayEquals(LibraryEntry.get().bytes, Files.readAllBytes(library));

        // The next start loads the same file: verified, not rewritten.
        Object inode = Files.getAttribute(library, "unix:ino");
        try (NotifyReceiver systemd = NotifyReceiver.abstractNamespace();
             AgentProcess app = agent(systemd, "-Duser.home=" + home).prefix("sh", "-c", "umask 000 && exec \"$0\" \"$@\"").start()) {
            assertWatched(systemd, PROGRESS);
            assertEquals(List.of(), unexpected(app.stderr(), "^<6>sd-watchdog: .*"), "stderr");
            assertEquals(library, loadedLibrary(app));
        }
        assertEquals(inode, Files.getAttribute(library, "unix:ino"), "the verified file was kept");
    }

    /** A cached library of the right name and size whose bytes are wrong is replaced, said so, and the real one loads. */
    @Test
    void aCorruptCachedLibraryIsReplacedAndTheRealOneLoaded() throws Exception {
        Path home = Files.createDirectory(base.resolve("home"));
        Path library;
        try (NotifyReceiver systemd = NotifyReceiver.abstractNamespace();
             AgentProcess app = agent(systemd, "-Duser.home=" + home).start()) {
            systemd.awaitLine("READY=1", GENEROUS);
            library = loadedLibrary(app);
        }
        byte[] corrupt = Files.readAllBytes(library);
        for (int i = corrupt.length / 3; i < corrupt.length / 3 + 4096; i++) {
            corrupt[i] ^= 0x5a; // as a bad disk block or a torn write leaves it: the same size
        }
        Files.write(library, corrupt);

        try (NotifyReceiver systemd = NotifyReceiver.abstractNamespace();
             AgentProcess app = agent(systemd, "-Duser.home=" + home).start()) {
            assertWatched(systemd, PROGRESS);
            AgentProcess.Line warning = app.awaitStderr("replacing JNA's cached native library", GENEROUS);
            assertEquals("<4>sd-watchdog: replacing JNA's cached native library " + library
                    + ": its bytes differ from the agent's copy: corrupt, or changed since it was written", warning.text);
            assertEquals(library, loadedLibrary(app));
            assertFalse(app.stderrText().contains("must allow exec"), app.stderrText());
        }
        assertArrayEquals(LibraryEntry.get().bytes, Files.readAllBytes(library));
        assertEquals("r-x------", permissions(library));
    }

    private AgentProcess.Builder agent(NotifyReceiver systemd, String jvmArg) {
        return AgentProcess.builder().agent("ready=" + READY + ",progress=" + PROGRESS).notifySocket(systemd)
                .env("WATCHDOG_USEC", "1000000").jvmArg(jvmArg).appArgs("--tick=10ms");
    }

    private Path sharedDirectory(String mode) throws IOException, InterruptedException {
        Path shared = Files.createDirectory(base.resolve("shared"));
        assertEquals(0, run("chmod", mode, shared.toString())); // the sticky bit: beyond PosixFilePermission
        return shared;
    }

    /**
     * As nobody: the agent's directory (and the one older builds used) with a real shared library, another than
     * JNA's, under the cached library's exact name and padded to its exact size.
     */
    private static void plantAsNobody(Path shared) throws IOException, InterruptedException {
        LibraryEntry entry = LibraryEntry.get();
        Path planted = Files.createTempFile(shared.getParent(), "planted", ".so");
        byte[] bytes = new byte[entry.bytes.length];
        Path lib = Paths.get("/lib/x86_64-linux-gnu/libdl.so.2");
        if (Files.isRegularFile(lib) && Files.size(lib) < bytes.length) {
            byte[] real = Files.readAllBytes(lib);
            System.arraycopy(real, 0, bytes, 0, real.length);
        } else {
            Arrays.fill(bytes, (byte) 0x90);
        }
        Files.write(planted, bytes);
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rw-r--r--"));
        for (String dir : List.of("sd-watchdog-0", "sd-watchdog")) {
            Path target = shared.resolve(dir);
            assertEquals(0, run("runuser", "-u", NOBODY, "--", "sh", "-c", "mkdir -m 777 '" + target + "' && cp '" + planted
                    + "' '" + target.resolve(entry.cachedName) + "' && chmod 777 '" + target.resolve(entry.cachedName) + "'"));
        }
    }

    /** JNA's library is mapped, and no file under dir is. */
    private static void assertLoadedNothingFrom(AgentProcess app, Path dir) throws IOException {
        List<String> mapped = nativeMappings(app);
        assertFalse(mapped.isEmpty(), "JNA's native library is not mapped");
        assertTrue(mapped.stream().noneMatch(line -> line.contains(dir.toString())), String.join("\n", mapped));
    }

    /** The one file JNA's library was mapped from. */
    private static Path loadedLibrary(AgentProcess app) throws IOException {
        List<String> files = nativeMappings(app).stream().map(line -> line.substring(line.indexOf('/')))
                .distinct().collect(Collectors.toList());
        assertEquals(1, files.size(), files.toString());
        return Paths.get(files.get(0));
    }

    /** The lines of /proc/PID/maps for JNA's library, under any name the agent gives it, and for a planted one. */
    private static List<String> nativeMappings(AgentProcess app) throws IOException {
        return Files.readAllLines(Paths.get("/proc/" + app.pid() + "/maps"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("jnidispatch") || line.contains("jna-sd-watchdog") || line.contains("planted"))
                .collect(Collectors.toList());
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Paths.get("/proc/self"), "unix:uid"));
        } catch (IOException e) {
            return false;
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    /** JNA's native library in the agent jar: its bytes, and the name the agent caches it under. */
    private static final class LibraryEntry {
        private static LibraryEntry instance;
        final byte[] bytes;
        final String cachedName;

        private LibraryEntry(byte[] bytes, String cachedName) {
            this.bytes = bytes;
            this.cachedName = cachedName;
        }

        static synchronized LibraryEntry get() throws IOException {
            if (instance == null) {
                String arch = "amd64".equals(System.getProperty("os.arch")) ? "x86-64" : System.getProperty("os.arch");
                try (JarFile jar = new JarFile(AgentProcess.AGENT_JAR.toFile())) {
                    JarEntry entry = jar.getJarEntry("inst/com/sun/jna/linux-" + arch + "/libjnidispatch.so");
                    try (InputStream in = jar.getInputStream(entry)) {
                        instance = new LibraryEntry(in.readAllBytes(),
                                "libjnidispatch-" + Long.toHexString(entry.getCrc()) + "-" + entry.getSize() + ".so");
                    }
                }
            }
            return instance;
        }
    }
}
