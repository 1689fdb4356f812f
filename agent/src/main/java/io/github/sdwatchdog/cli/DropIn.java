package io.github.sdwatchdog.cli;

import io.github.sdwatchdog.config.ExitStatus;

import java.nio.file.Path;

/**
 * The drop-in {@code enable} writes ({@code <unit>.d/sd-watchdog.conf} under /etc/systemd/system, or /run/systemd/system
 * with --runtime): the unit's own file stays untouched, and {@code disable} removes exactly this file (and the directory,
 * if enable created it). Its first line marks it as ours.
 */
final class DropIn {
    static final String FILE_NAME = "sd-watchdog.conf";
    static final String MARKER = "# Written by sd-watchdog enable";
    static final String CREATED_DIRECTORY = "# sd-watchdog enable created this directory; disable removes it once empty";

    final String unit;
    final String variable;
    final String value;
    final String previousValue;
    final long watchdogSeconds;
    final boolean setRestart;
    final boolean createdDirectory;
    final String version;

    /**
     * @param previousValue what the unit set {@code variable} to without the agent ("" if nothing)
     * @param setRestart    false when the unit already restarts on a watchdog timeout (Restart=always and the like)
     */
    DropIn(String unit, String variable, String value, String previousValue, long watchdogSeconds, boolean setRestart,
            boolean createdDirectory, String version) {
        this.unit = unit;
        this.variable = variable;
        this.value = value;
        this.previousValue = previousValue;
        this.watchdogSeconds = watchdogSeconds;
        this.setRestart = setRestart;
        this.createdDirectory = createdDirectory;
        this.version = version;
    }

    static Path directory(Path root, boolean runtime, String unit) {
        return root.resolve(runtime ? "run/systemd/system" : "etc/systemd/system").resolve(unit + ".d");
    }

    String text() {
        StringBuilder text = new StringBuilder();
        text.append(MARKER).append(" (sd-watchdog ").append(version).append(") for ").append(unit)
                .append("; sd-watchdog disable removes it.\n");
        if (createdDirectory) {
            text.append(CREATED_DIRECTORY).append('\n');
        }
        text.append("[Service]\n")
                .append("# READY=1 comes from the agent when the ready method returns (or the port listens); until then\n")
                .append("# the unit is activating.\n")
                .append("Type=notify\n")
                .append("# Only the main process, the JVM, may notify.\n")
                .append("NotifyAccess=main\n")
                .append("# The agent pings every WatchdogSec/4 while the service is healthy; when it stops, systemd kills\n")
                .append("# the service once this has passed.\n")
                .append("WatchdogSec=").append(watchdogSeconds).append("s\n")
                .append("# SIGKILL, not the default SIGABRT, whose core as large as the heap delays the restart (docs/gc.md);\n")
                .append("# the agent's report of what was stuck is in the journal already.\n")
                .append("WatchdogSignal=SIGKILL\n");
        if (setRestart) {
            text.append("# A hung (watchdog) or crashed service is restarted.\n").append("Restart=on-failure\n");
        } else {
            text.append("# The unit's own Restart= already restarts it on a watchdog timeout.\n");
        }
        text.append("# Exit status ").append(ExitStatus.BAD_OPTIONS)
                .append(": the agent's options are wrong, and retrying does not fix that.\n")
                .append("RestartPreventExitStatus=").append(ExitStatus.BAD_OPTIONS).append('\n')
                .append("# The JVM exits with 128+15 on SIGTERM: for systemctl stop that is success.\n")
                .append("SuccessExitStatus=143\n");
        text.append(previousValue.isEmpty()
                ? "# The agent; the unit set no " + variable + " before.\n"
                : "# The agent, after what the unit already set: " + variable + "=" + previousValue.replace('\n', ' ') + "\n");
        text.append("Environment=").append(quoted(variable + "=" + value)).append('\n');
        return text.toString();
    }

    /** An Environment= assignment in double quotes: backslash and quote escaped, % doubled (systemd's specifiers). */
    static String quoted(String assignment) {
        return "\"" + assignment.replace("\\", "\\\\").replace("\"", "\\\"").replace("%", "%%") + "\"";
    }

    static boolean isOurs(String text) {
        return text.startsWith(MARKER);
    }

    static boolean createdItsDirectory(String text) {
        return text.contains("\n" + CREATED_DIRECTORY + "\n");
    }
}
