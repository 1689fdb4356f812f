package io.github.sdwatchdog.cli;

import io.github.sdwatchdog.config.ExitStatus;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code enable} and {@code disable} share: where they write, whom they ask, and their exit statuses (short names
 * for {@link ExitStatus}'s, the same as {@code check}'s where the meaning is the same).
 */
final class UnitCommand {
    static final int OK = ExitStatus.OK;
    /** systemctl or the file system failed. */
    static final int FAILED = ExitStatus.FAILED;
    /** The command line is wrong (as for an unknown command). */
    static final int USAGE = ExitStatus.USAGE;
    static final int NOT_FOUND = ExitStatus.NO_SUCH_UNIT;
    /** Bad agent options, a missing class or method, or a unit whose JVM cannot be watched. */
    static final int REFUSED = ExitStatus.UNIT_NOT_WATCHABLE;
    private static final Pattern UNIT_NAME = Pattern.compile("[A-Za-z0-9:_.\\\\@-]+");

    final Systemctl systemctl;
    final Path root;
    final Optional<Path> agentJar;
    final String version;
    final PrintStream out;
    final PrintStream err;

    UnitCommand(Systemctl systemctl, Path root, Optional<Path> agentJar, String version, PrintStream out, PrintStream err) {
        this.systemctl = systemctl;
        this.root = root;
        this.agentJar = agentJar;
        this.version = version;
        this.out = out;
        this.err = err;
    }

    /** The real one: systemctl, the file system from /, this jar. */
    static UnitCommand system(PrintStream out, PrintStream err) {
        return new UnitCommand(Systemctl.command(), Paths.get("/"), AgentJar.path(), AgentJar.version(), out, err);
    }

    static int enable(String[] args, PrintStream out, PrintStream err) {
        UnitCommand command = system(out, err);
        return command.guarded(() -> new Enable(command).run(args));
    }

    static int disable(String[] args, PrintStream out, PrintStream err) {
        UnitCommand command = system(out, err);
        return command.guarded(() -> new Disable(command).run(args));
    }

    interface Step {
        int run() throws IOException;
    }

    int guarded(Step step) {
        try {
            return step.run();
        } catch (AccessDeniedException e) {
            err.println("failed: permission denied: " + e.getFile() + "; run it as root (sudo)");
            return FAILED;
        } catch (IOException e) {
            err.println("failed: " + e.getMessage());
            return FAILED;
        }
    }

    int refuse(String why) {
        err.println("not enabled: " + why);
        return REFUSED;
    }

    /** The service's full name (acme becomes acme.service), or null (said on stderr) when it is none. */
    String serviceName(String name) {
        String unit = name.contains(".") ? name : name + ".service";
        if (!UNIT_NAME.matcher(unit).matches() || !unit.endsWith(".service")) {
            err.println("'" + name + "' is not a service unit name (such as acme.service)");
            return null;
        }
        return unit;
    }

    /** The unit as systemd has it, or null (said on stderr) when it is not a loaded service. */
    UnitFacts unit(String name) throws IOException {
        String unit = serviceName(name);
        if (unit == null) {
            return null;
        }
        UnitFacts facts = UnitFacts.parse(systemctl.show(unit, UnitFacts.PROPERTIES));
        if (!facts.loadState.equals("loaded")) {
            err.println(unit + ": systemd has no such unit (LoadState=" + facts.loadState + "); systemctl list-units "
                    + "--all '*.service' lists those it has");
            return null;
        }
        return facts;
    }

    Path dropInFile(boolean runtime, String unit) {
        return DropIn.directory(root, runtime, unit).resolve(DropIn.FILE_NAME);
    }
}
