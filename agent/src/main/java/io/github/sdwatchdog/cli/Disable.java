package io.github.sdwatchdog.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code sd-watchdog disable [--runtime] <unit>}: removes the drop-in {@code enable} wrote, and only that (the
 * directory too if enable created it and nothing else is in it), then daemon-reload. Exit statuses as enable's.
 */
final class Disable {
    private final UnitCommand context;

    Disable(UnitCommand context) {
        this.context = context;
    }

    int run(String[] args) throws IOException {
        boolean runtime = false;
        String name = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--runtime")) {
                runtime = true;
            } else if (name == null && !args[i].startsWith("-")) {
                name = args[i];
            } else {
                name = null;
                break;
            }
        }
        if (name == null) {
            context.err.println("usage: sd-watchdog disable [--runtime] <unit>");
            return UnitCommand.USAGE;
        }
        String service = context.serviceName(name);
        if (service == null) {
            return UnitCommand.USAGE;
        }
        // The unit itself may be gone (its package removed) while the drop-in stays: then its name is all there is.
        UnitFacts facts = UnitFacts.parse(context.systemctl.show(service, UnitFacts.PROPERTIES));
        String unit = facts.loadState.equals("loaded") ? facts.id : service;
        Path file = context.dropInFile(runtime, unit);
        if (!Files.exists(file)) {
            Path other = context.dropInFile(!runtime, unit);
            if (Files.exists(other)) {
                context.err.println("sd-watchdog is enabled for " + unit + " in " + other + ", not in " + file
                        + "; run sd-watchdog disable" + (runtime ? "" : " --runtime") + " " + unit);
                return UnitCommand.FAILED;
            }
            context.out.println("sd-watchdog is not enabled for " + unit + " (no " + file + "); nothing removed");
            return UnitCommand.OK;
        }
        return remove(file, unit);
    }

    private int remove(Path file, String unit) throws IOException {
        String text = Files.readString(file);
        if (!DropIn.isOurs(text)) {
            context.err.println(file + " was not written by sd-watchdog enable (its first line is not \"" + DropIn.MARKER
                    + "...\"); left alone");
            return UnitCommand.FAILED;
        }
        Files.delete(file);
        Path directory = file.getParent();
        boolean removedDirectory = false;
        if (DropIn.createdItsDirectory(text)) {
            try (var left = Files.list(directory)) {
                removedDirectory = left.findAny().isEmpty() && Files.deleteIfExists(directory);
            }
        }
        context.systemctl.daemonReload();
        context.out.println("removed " + file + (removedDirectory ? " and its directory" : "")
                + " and ran systemctl daemon-reload");
        context.out.println("one command left, which restarts the service without the agent:");
        context.out.println("  systemctl restart " + unit);
        return UnitCommand.OK;
    }
}
