package io.github.sdwatchdog.log;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes to the process's stderr (fd 2, whatever the application does to {@code System.err}) with the
 * sd-daemon priority prefix on every line, so journald files each line at the right priority.
 * It never touches {@code java.util.logging}.
 */
public final class AgentLog {
    private static final String NAME = "sd-watchdog: ";
    private static final PrintStream OUT =
            new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

    public static void error(String message) {
        write("<3>", message);
    }

    public static void warn(String message) {
        write("<4>", message);
    }

    public static void info(String message) {
        write("<6>", message);
    }

    private static void write(String priority, String message) {
        StringBuilder text = new StringBuilder(message.length() + 64);
        for (String line : message.split("\n", -1)) {
            text.append(priority).append(NAME).append(line).append('\n');
        }
        OUT.print(text);
        OUT.flush();
    }

    private AgentLog() {
    }
}
