package io.github.sdwatchdog.nativelib;

import io.github.sdwatchdog.log.AgentLog;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Where JNA's native library is loaded from: only a file no other user can change, compared byte for byte with
 * the agent jar's copy before it is loaded. The agent's class loader asks once, on the native loader thread
 * (never in premain), and hands JNA the file, so JNA never unpacks the library itself.
 *
 * <p>The cache is {@code <jna.tmpdir, else ~/.cache/JNA>/sd-watchdog-<uid>/libjnidispatch-<crc>-<size>.so}: one
 * copy per user and library build, so a start costs a comparison, not an unpacking. The directory is 0700 and
 * the file 0500 whatever the umask, and every directory above them must be this user's or root's and writable
 * by no one else (unless sticky). A file that is not this user's, that others could change, or whose bytes
 * differ is replaced: written anew beside it, fsynced, and renamed over it. Where the cache cannot be used (no
 * writable home, {@code ProtectHome=}, or a place others could change), a private copy is written to
 * {@code java.io.tmpdir} at this start, named so that JNA deletes it once loaded. Where neither can be had,
 * nothing is loaded, and the transport's error line says why ({@link #refusal()}).
 */
public final class NativeLibraryCache {
    private static volatile String place;
    private static volatile String refusal;

    /** The library's file URL, or null (then JNA reports it missing, and {@link #refusal()} says why). */
    public static URL find(JarFile jar, String entryName) {
        JarEntry entry = jar.getJarEntry(entryName);
        if (entry == null || entry.getSize() < 0) {
            return null;
        }
        LibraryCopy library = new LibraryCopy(jar, entry);
        FileTrust trust;
        try {
            trust = FileTrust.ofThisProcess();
        } catch (IOException | RuntimeException e) {
            refusal = "cannot tell which user this JVM runs as (" + e + "), so cannot tell who could replace JNA's native library";
            return null;
        }
        String tmpdir = System.getProperty("jna.tmpdir");
        String cacheName = tmpdir != null ? "jna.tmpdir=" + tmpdir : "~/.cache/JNA (user.home=" + System.getProperty("user.home") + ")";
        String cacheProblem;
        try {
            Path root = tmpdir != null ? Paths.get(tmpdir).toAbsolutePath() : Paths.get(System.getProperty("user.home"), ".cache", "JNA");
            Path file = cached(trust, library, root);
            place = cacheName;
            refusal = null;
            return file.toUri().toURL();
        } catch (UntrustedPathException e) {
            cacheProblem = "JNA's native library is not cached in " + cacheName + ": " + e.getMessage()
                    + ", so another user could replace it before it is loaded";
        } catch (IOException | RuntimeException e) {
            cacheProblem = null; // no writable home, ProtectHome=: as common as harmless
            refusal = "cannot write JNA's native library to " + cacheName + " (" + e + ")";
        }
        String advice = "set -Djna.tmpdir to a directory only uid " + trust.uid + " and root can write";
        Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
        try {
            URL once = privateCopy(trust, library, tmp).toUri().toURL();
            place = "java.io.tmpdir=" + tmp;
            refusal = null;
            if (cacheProblem != null) {
                AgentLog.warn(cacheProblem + "; a private copy in " + tmp + " is loaded instead, written at every start; " + advice);
            }
            return once;
        } catch (IOException | RuntimeException e) {
            String tmpProblem = e instanceof UntrustedPathException ? e.getMessage() : e.toString();
            refusal = (cacheProblem != null ? cacheProblem : refusal) + "; nor in java.io.tmpdir=" + tmp + ": "
                    + tmpProblem + "; " + advice;
            return null;
        }
    }

    /** Where the library was put, for messages: "jna.tmpdir=DIR", "~/.cache/JNA (...)" or "java.io.tmpdir=DIR". */
    public static String place() {
        return place;
    }

    /** Why no file could be offered to JNA, or null if one was (or none was asked for). */
    public static String refusal() {
        return refusal;
    }

    private static Path cached(FileTrust trust, LibraryCopy library, Path root) throws IOException {
        if (!root.isAbsolute()) { // user.home is "?" for a uid with no passwd entry: never under the working directory
            throw new IOException("no absolute path: " + root);
        }
        Files.createDirectories(root, FileTrust.OWNER_ONLY_ATTRIBUTE); // any missing parent is 0700 too
        Path realRoot = root.toRealPath();
        trust.checkDirectoryChain(realRoot);
        Path dir = trust.privateDirectory(realRoot.resolve("sd-watchdog-" + trust.uid));
        Path file = dir.resolve(library.cachedName());
        String problem = problemWith(trust, library, file);
        if (problem == null) {
            return file;
        }
        if (!problem.isEmpty()) {
            AgentLog.warn("replacing JNA's cached native library " + file + ": " + problem);
        }
        Path partial = library.writeNew(dir, ".partial-", ".so");
        try {
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE); // rename(2): replaces it atomically
        } finally {
            Files.deleteIfExists(partial);
        }
        return file;
    }

    /** Null when the file is the library as this user wrote it; "" when there is none; else what is wrong with it. */
    private static String problemWith(FileTrust trust, LibraryCopy library, Path file) throws IOException {
        FileTrust.Stat stat;
        try {
            stat = FileTrust.Stat.of(file);
        } catch (NoSuchFileException none) {
            return "";
        }
        if (!stat.isRegularFile()) {
            return "it is " + stat.type() + ", not the file the agent wrote";
        }
        if (stat.uid != trust.uid) {
            return "it belonged to uid " + stat.uid + ", not to this JVM's user (uid " + trust.uid + "): planted by another user?";
        }
        if ((stat.mode & 0077) != 0) {
            return "its mode was " + stat.permissions() + ", not 0500: others could read or change it";
        }
        if (!library.isIn(file)) {
            return "its bytes differ from the agent's copy: corrupt, or changed since it was written";
        }
        return null;
    }

    /** A fresh file of this start's own, in a directory others cannot rename things in; JNA deletes it (jna*) once loaded. */
    private static Path privateCopy(FileTrust trust, LibraryCopy library, Path tmp) throws IOException {
        Path realTmp = tmp.toRealPath();
        trust.checkDirectoryChain(realTmp);
        return library.writeNew(realTmp, "jna-sd-watchdog-", ".so");
    }

    private NativeLibraryCache() {
    }
}
