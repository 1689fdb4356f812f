package io.github.sdwatchdog.nativelib;

import io.github.sdwatchdog.log.AgentLog;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * Who could change a path, judged by the owner and mode bits the kernel itself checks: only this JVM's user
 * and root are trusted. Whoever may write a directory may rename or replace what is in it, unless the
 * directory is sticky (/tmp, /var/tmp), where only an entry's owner may. A group-writable directory counts
 * as writable by others: the group's other members are other users.
 */
final class FileTrust {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_ATTRIBUTE = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
    private static final int TYPE_MASK = 0170000;
    private static final int DIRECTORY = 0040000;
    private static final int REGULAR_FILE = 0100000;
    private static final int SYMBOLIC_LINK = 0120000;
    private static final int STICKY = 01000;
    private static final int GROUP_OR_OTHERS_WRITE = 0022;

    /** This JVM's (effective) user. */
    final int uid;

    private FileTrust(int uid) {
        this.uid = uid;
    }

    /** The owner of /proc/self is the process's effective uid: one stat, no name lookup. */
    static FileTrust ofThisProcess() throws IOException {
        return new FileTrust((Integer) Files.getAttribute(Paths.get("/proc/self"), "unix:uid"));
    }

    /** The owner and mode of a path itself, a symbolic link not followed. */
    static final class Stat {
        final int uid;
        final int mode;

        private Stat(int uid, int mode) {
            this.uid = uid;
            this.mode = mode;
        }

        static Stat of(Path path) throws IOException {
            Map<String, Object> attributes = Files.readAttributes(path, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
            return new Stat((Integer) attributes.get("uid"), (Integer) attributes.get("mode"));
        }

        boolean isRegularFile() {
            return (mode & TYPE_MASK) == REGULAR_FILE;
        }

        boolean isDirectory() {
            return (mode & TYPE_MASK) == DIRECTORY;
        }

        String type() {
            int type = mode & TYPE_MASK;
            return type == SYMBOLIC_LINK ? "a symbolic link" : type == DIRECTORY ? "a directory"
                    : type == REGULAR_FILE ? "a file" : "a special file";
        }

        /** The permission bits as chmod(1) writes them, e.g. 0777 or 1777. */
        String permissions() {
            String octal = Integer.toOctalString(mode & 07777);
            return "0000".substring(Math.min(4, octal.length())) + octal;
        }
    }

    /** Throws unless no other user can rename, replace or write into any directory from / down to realDir. */
    void checkDirectoryChain(Path realDir) throws IOException {
        for (Path dir = realDir; dir != null; dir = dir.getParent()) {
            Stat stat = Stat.of(dir);
            if (stat.uid != uid && stat.uid != 0) {
                throw new UntrustedPathException(dir + " belongs to uid " + stat.uid + ", not to this JVM's user (uid "
                        + uid + ") or root");
            }
            if ((stat.mode & GROUP_OR_OTHERS_WRITE) != 0 && (stat.mode & STICKY) == 0) {
                throw new UntrustedPathException(dir + " is writable by other users (mode " + stat.permissions()
                        + ", not sticky)");
            }
        }
    }

    /**
     * The agent's own directory in a trusted parent: made mode 0700 whatever the umask. An existing one must be
     * a directory of this user's (another user's may hold anything); its mode is set back to 0700 if it drifted.
     */
    Path privateDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, OWNER_ONLY_ATTRIBUTE);
        } catch (FileAlreadyExistsException existing) {
            // checked below like any other
        }
        Stat stat = Stat.of(dir);
        if (!stat.isDirectory()) {
            throw new UntrustedPathException(dir + " is " + stat.type() + ", not the agent's directory; remove it");
        }
        if (stat.uid != uid) {
            throw new UntrustedPathException(dir + " belongs to uid " + stat.uid + ", not to this JVM's user (uid " + uid
                    + "): another user may have planted it; remove it");
        }
        if ((stat.mode & 0777) != 0700) {
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
            if ((stat.mode & GROUP_OR_OTHERS_WRITE) != 0) {
                AgentLog.warn(dir + " was writable by other users (mode " + stat.permissions()
                        + "); set to 0700, and every file in it is checked before use");
            }
        }
        return dir;
    }
}
