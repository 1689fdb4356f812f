package io.github.sdwatchdog.install;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * This process's ancestors, read from {@code /proc}: for each, whether it is a JVM that loads this agent
 * (on its command line, or through {@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS} or {@code _JAVA_OPTIONS}
 * in its environment). Read with plain file streams, a few small files per ancestor, and only when this JVM is
 * not plainly the unit's main process. What cannot be read counts as "not a JVM with the agent".
 */
final class ProcessAncestry implements Function<Long, List<Ancestor>> {
    private static final int MAX_DEPTH = 16;
    private static final String[] AGENT_VARIABLES = {"JAVA_TOOL_OPTIONS=", "JDK_JAVA_OPTIONS=", "_JAVA_OPTIONS="};
    /** The java launcher's options whose value is the next argument. */
    private static final Set<String> TAKES_VALUE = new HashSet<>(Arrays.asList("-cp", "-classpath", "--class-path",
            "-p", "--module-path", "--upgrade-module-path", "--add-modules", "--limit-modules", "--add-reads",
            "--add-exports", "--add-opens", "--patch-module", "--enable-native-access", "--source"));

    private final long pid;
    private String agentJarName; // null: any jar whose name contains sd-watchdog

    ProcessAncestry(long pid) {
        this.pid = pid;
    }

    @Override
    public List<Ancestor> apply(Long stopAt) {
        agentJarName = ownJarName();
        List<Ancestor> ancestors = new ArrayList<>();
        long current = parentOf(pid);
        while (current > 0 && ancestors.size() < MAX_DEPTH) {
            ancestors.add(new Ancestor(current, runsAgent(current), name(current)));
            if (current == stopAt || current == 1) {
                break;
            }
            current = parentOf(current);
        }
        return ancestors;
    }

    /** The PPID field of /proc/PID/stat, after the command name (which may itself contain spaces and parentheses). */
    static long parentOf(long pid) {
        String stat = read("/proc/" + pid + "/stat");
        int end = stat == null ? -1 : stat.lastIndexOf(')');
        if (end < 0) {
            return -1;
        }
        String[] fields = stat.substring(end + 2).split(" ", 3);
        try {
            return fields.length >= 2 ? Long.parseLong(fields[1]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private boolean runsAgent(long ancestor) {
        if (!isJvm(ancestor)) {
            return false;
        }
        String cmdline = read("/proc/" + ancestor + "/cmdline");
        if (cmdline != null) {
            // A java launcher's options end at the main class, -jar or -m: a -javaagent after them is the program's
            // argument (JMH's -jvmArgsAppend, a launcher that starts the service with it), not this JVM's agent.
            String options = executable(ancestor).equals("java") ? launcherOptions(cmdline.split("\0")) : cmdline;
            if (namesAgent(options)) {
                return true;
            }
        }
        String environ = read("/proc/" + ancestor + "/environ");
        if (environ != null) {
            for (String entry : environ.split("\0")) {
                for (String variable : AGENT_VARIABLES) {
                    if (entry.startsWith(variable) && namesAgent(entry)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The java launcher's options before the main class, {@code -jar} or {@code -m}, NUL-separated as in /proc. */
    static String launcherOptions(String[] args) {
        StringBuilder options = new StringBuilder();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-") || arg.equals("-jar") || arg.equals("-m") || arg.equals("--module")
                    || arg.startsWith("--module=")) {
                break;
            }
            options.append(arg).append('\0');
            if (TAKES_VALUE.contains(arg) && i + 1 < args.length) {
                options.append(args[++i]).append('\0');
            }
        }
        return options.toString();
    }

    /** A {@code -javaagent:} naming a jar of this agent's file name. */
    private boolean namesAgent(String text) {
        for (int at = text.indexOf("-javaagent:"); at >= 0; at = text.indexOf("-javaagent:", at + 1)) {
            int end = at + "-javaagent:".length();
            while (end < text.length() && text.charAt(end) != '=' && text.charAt(end) != ' ' && text.charAt(end) != '\0') {
                end++;
            }
            String jar = new File(text.substring(at + "-javaagent:".length(), end)).getName();
            if (agentJarName == null ? jar.contains("sd-watchdog") : jar.equals(agentJarName)) {
                return true;
            }
        }
        return false;
    }

    /** A process whose program is a JVM: its executable is a java launcher, or it maps libjvm (jsvc, custom launchers). */
    private static boolean isJvm(long pid) {
        if (executable(pid).equals("java")) {
            return true;
        }
        String maps = read("/proc/" + pid + "/maps");
        return maps != null && maps.contains("/libjvm.so");
    }

    /** The file name of the jar the agent runs from; null when it is not a plain file (unpacked classes, a module system's URL). */
    private static String ownJarName() {
        try {
            File location = new File(ProcessAncestry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.isFile() ? location.getName() : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** The executable's file name; empty when the link cannot be read (another user's process). */
    private static String executable(long pid) {
        String link = "/proc/" + pid + "/exe";
        try {
            String target = new File(link).getCanonicalPath();
            return target.equals(link) ? "" : new File(target).getName();
        } catch (IOException | SecurityException e) {
            return "";
        }
    }

    /** The command name the kernel keeps (ps's COMM), for messages. */
    private static String name(long pid) {
        String comm = read("/proc/" + pid + "/comm");
        return comm == null ? "?" : comm.trim();
    }

    private static String read(String path) {
        try (InputStream in = new FileInputStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
