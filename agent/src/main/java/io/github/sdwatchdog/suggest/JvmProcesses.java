package io.github.sdwatchdog.suggest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Which process to attach to while a service starts: the pid given, once it is a JVM ready for the attach
 * API, or else a java process it started (a launcher script that runs java as a child). The attach API asks a
 * JVM to start listening with SIGQUIT, which ends a process that does not catch it yet (a shell, a JVM in its
 * first milliseconds): so a process is attached to only once /proc shows it catches SIGQUIT.
 */
final class JvmProcesses {
    private static final long SIGQUIT_MASK = 1L << (3 - 1);

    /** The pid, or a java process under it, that can be attached to now; -1 if none yet. */
    static long attachable(long pid) {
        if (isJava(pid) && catchesSigquit(pid)) {
            return pid;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return -1;
        }
        return process.get().descendants().mapToLong(ProcessHandle::pid).filter(child -> isJava(child) && catchesSigquit(child))
                .findFirst().orElse(-1);
    }

    static boolean catchesSigquit(long pid) {
        try {
            for (String line : Files.readAllLines(proc(pid, "status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("SigCgt:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & SIGQUIT_MASK) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false; // gone, or another user's
        }
        return false;
    }

    /** Its program is java: the executable's name, or the first word of its command line. */
    static boolean isJava(long pid) {
        try {
            if (Files.readSymbolicLink(proc(pid, "exe")).getFileName().toString().equals("java")) {
                return true;
            }
        } catch (IOException | RuntimeException e) {
            // not readable: try the command line
        }
        try {
            String command = new String(Files.readAllBytes(proc(pid, "cmdline")), StandardCharsets.UTF_8);
            int end = command.indexOf('\0');
            String program = end < 0 ? command : command.substring(0, end);
            return program.equals("java") || program.endsWith("/java");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Path proc(long pid, String file) {
        return Paths.get("/proc", Long.toString(pid), file);
    }

    private JvmProcesses() {
    }
}
