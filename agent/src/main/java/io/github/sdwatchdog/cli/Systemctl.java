package io.github.sdwatchdog.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The two things {@code enable} and {@code disable} ask of systemd; tests give a stand-in. */
interface Systemctl {
    /** {@code systemctl show -p A,B,... UNIT}: KEY=VALUE lines. */
    String show(String unit, List<String> properties) throws IOException;

    /** {@code systemctl daemon-reload}: systemd reads the changed drop-ins. */
    void daemonReload() throws IOException;

    /** The real systemctl, found on PATH. */
    static Systemctl command() {
        return new Command();
    }

    final class Command implements Systemctl {
        private static final long TIMEOUT_SECONDS = 90;

        @Override
        public String show(String unit, List<String> properties) throws IOException {
            return run("show", "-p", String.join(",", properties), "--", unit);
        }

        @Override
        public void daemonReload() throws IOException {
            run("daemon-reload");
        }

        private static String run(String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of("systemctl"));
            command.addAll(List.of(args));
            // Output to a file, not a pipe: a pipe read would block past the timeout if systemctl hung.
            Path output = Files.createTempFile("sd-watchdog-systemctl", ".out");
            try {
                Process process;
                try {
                    process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
                } catch (IOException e) {
                    throw new IOException("cannot run systemctl (" + e.getMessage() + "); is this a systemd machine?", e);
                }
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
                }
                String text = Files.readString(output, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new IOException(String.join(" ", command) + " failed with exit status " + process.exitValue()
                            + ": " + text.trim());
                }
                return text;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(String.join(" ", command) + " was interrupted", e);
            } finally {
                Files.deleteIfExists(output);
            }
        }
    }
}
