package io.github.sdwatchdog.cli;

import io.github.sdwatchdog.config.ExitStatus;
import io.github.sdwatchdog.config.Option;
import io.github.sdwatchdog.config.Preset;

/**
 * The man page sd-watchdog(1), made from the same {@link Option} and {@link Preset} tables as {@code --help} and the
 * README. The package ships packaging/src/deb/man/sd-watchdog.1, which a test keeps equal to {@link #render()}.
 */
final class ManPage {
    static String render() {
        StringBuilder page = new StringBuilder();
        page.append(".TH SD\\-WATCHDOG 1 \"\" \"sd\\-watchdog\" \"User Commands\"\n");
        section(page, "NAME");
        page.append("sd\\-watchdog \\- let systemd restart a Java service that hangs, spins or deadlocks\n");
        synopsis(page);
        section(page, "DESCRIPTION");
        text(page, "sd-watchdog is a Java agent (-javaagent) for services run by systemd. It sends READY=1 when a startup "
                + "method you name returns, and WATCHDOG=1 only while the methods you name keep making progress and no "
                + "threads are deadlocked; otherwise it writes what is stuck, with the stacks, to the journal and stops "
                + "pinging, so that WatchdogSec= expires and Restart= restarts the service. The service's code is not "
                + "changed. This command checks options, finds candidate methods in a running JVM, and turns an existing "
                + "Java unit into a watched one.");
        commands(page);
        section(page, "AGENT OPTIONS");
        text(page, "Given after the agent jar as key=value,key=value (-javaagent:/usr/share/java/sd-watchdog.jar=ready=...), "
                + "or one per line in the file named by config=. Durations are whole numbers with ms, s, m or h, from 100ms "
                + "to 24h. Nested classes are written a.B$C (on an Exec line of a unit, a.B$$C).");
        page.append(Option.manPageEntries());
        section(page, "PRESETS");
        text(page, "preset=<name> supplies the ready and progress methods proven on that server under a real systemd; "
                + "options given explicitly win.");
        for (Preset preset : Preset.values()) {
            item(page, preset.presetName(), preset.servers() + ". Expands to:");
            // One option a line, unfilled: a class name is longer than a filled line can break.
            page.append(".nf\n");
            for (String option : preset.options()) {
                page.append(Option.roff(option)).append('\n');
            }
            page.append(".fi\n");
        }
        exitStatus(page);
        files(page);
        section(page, "EXAMPLES");
        example(page, "sd-watchdog check 'ready=com.acme.Server#start,progress=com.acme.Worker#poll' --classpath /opt/acme/app.jar");
        example(page, "sd-watchdog enable acme.service 'preset=spring-boot-servlet'");
        example(page, "systemctl restart acme.service");
        section(page, "SEE ALSO");
        page.append("\\fBsystemd.service\\fR(5), \\fBsystemd.exec\\fR(5), \\fBsd_notify\\fR(3), \\fBjava\\fR(1); "
                + "/usr/share/doc/sd\\-watchdog/README.md\n");
        return page.toString();
    }

    private static void synopsis(StringBuilder page) {
        section(page, "SYNOPSIS");
        String[] forms = {
            "sd-watchdog check '<options>' [--classpath <path>]",
            "sd-watchdog suggest <pid> [--samples=<n>] [--interval-ms=<ms>]",
            "sd-watchdog enable [--runtime] [--dry-run] [--watchdog-sec=<seconds>] [--no-classpath-check] <unit> '<options>'",
            "sd-watchdog disable [--runtime] <unit>",
            "sd-watchdog listen <socket>",
            "sd-watchdog --help | --version",
            "java -javaagent:/usr/share/java/sd-watchdog.jar=<options> ...",
        };
        for (int i = 0; i < forms.length; i++) {
            page.append(i == 0 ? "" : ".br\n").append("\\fB").append(Option.roff(forms[i])).append("\\fR\n");
        }
    }

    private static void commands(StringBuilder page) {
        section(page, "COMMANDS");
        item(page, "check '<options>' [--classpath <path>]", "Parses the options as the agent does and explains any error. "
                + "With --classpath (jars and directories separated by ':', Spring Boot fat jars included) it also reads "
                + "the class files, without loading them, and confirms that each named method exists with a body, and "
                + "warns when the ready method may never return.");
        item(page, "suggest <pid>", "Takes a few thread dumps of a running JVM (same user) through the attach API and "
                + "prints candidate ready and progress methods, the listening ports, and the preset of a known server.");
        item(page, "enable <unit> '<options>'", "Writes the drop-in /etc/systemd/system/<unit>.d/sd-watchdog.conf "
                + "(with --runtime under /run, gone at the next boot) with Type=notify, NotifyAccess=main, WatchdogSec= "
                + "(60 s, or twice the longest stall), WatchdogSignal=SIGKILL, Restart=on-failure (unless the unit already restarts), "
                + "RestartPreventExitStatus=" + ExitStatus.BAD_OPTIONS + ", SuccessExitStatus=143 and the agent in JAVA_TOOL_OPTIONS, after what the "
                + "unit already sets there, or in the server's own variable (CATALINA_OPTS, KAFKA_OPTS, JAVA_ARGS_APPEND, "
                + "SERVER_JVMFLAGS) when a preset's launcher script is the unit's command. It checks the options, and "
                + "against the class path when the unit's java command names one; it refuses a unit whose main process "
                + "cannot be the JVM (Type=forking or oneshot, a program other than java, a script that never uses exec) "
                + "and says why; then it runs systemctl daemon-reload and prints the one command left, systemctl restart "
                + "<unit>. --dry-run prints the drop-in and changes nothing. The unit file itself is not touched.");
        item(page, "disable <unit>", "Removes that drop-in, and only it (its directory too when enable created it and it "
                + "is empty), and runs systemctl daemon-reload; systemctl restart <unit> then runs the service without "
                + "the agent. --runtime for a drop-in enable --runtime wrote.");
        item(page, "listen <socket>", "Binds a notify socket and prints each datagram sent to it: a stand-in for systemd.");
        item(page, "--help, --version", "Prints the usage, the options and presets; or the version.");
    }

    private static void exitStatus(StringBuilder page) {
        section(page, "EXIT STATUS");
        item(page, status(ExitStatus.OK), "Done: the options will work, or the unit was enabled or disabled.");
        item(page, status(ExitStatus.FAILED), "listen, enable or disable failed: systemctl or the file system (the message says which).");
        item(page, status(ExitStatus.USAGE), "Unknown command or wrong arguments.");
        item(page, status(ExitStatus.WARNING), "check --classpath warned: the ready method may never return, or a progress method is a loop that idle threads wait in (enable refuses either); suggest --ready-url: the URL did not answer 2xx in time.");
        item(page, status(ExitStatus.CLASS_PATH_UNREADABLE), "A class path entry cannot be read; for enable, systemd has no such unit.");
        item(page, status(ExitStatus.BAD_OPTIONS), "A bad option or a missing class or method; for enable, also a unit whose JVM cannot be "
                + "watched. The agent itself stops the JVM with it on a bad option, so units say RestartPreventExitStatus="
                + ExitStatus.BAD_OPTIONS + ".");
    }

    private static void files(StringBuilder page) {
        section(page, "FILES");
        item(page, "/usr/share/java/sd-watchdog.jar", "The agent (a link to sd-watchdog-<version>.jar).");
        item(page, "/etc/systemd/system/<unit>.d/sd-watchdog.conf", "What enable writes (/run/systemd/system/... with "
                + "--runtime); disable removes it. The package's removal leaves these, as they are the administrator's.");
        item(page, "/usr/share/doc/sd-watchdog/examples/", "Example units for each preset's server, hardened, and a drop-in.");
    }

    private static String status(int status) {
        return Integer.toString(status);
    }

    private static void section(StringBuilder page, String name) {
        page.append(".SH ").append(name).append('\n');
    }

    private static void text(StringBuilder page, String text) {
        page.append(".PP\n").append(Option.roff(text)).append('\n');
    }

    private static void item(StringBuilder page, String term, String text) {
        page.append(".TP\n\\fB").append(Option.roff(term)).append("\\fR\n").append(Option.roff(text)).append('\n');
    }

    private static void example(StringBuilder page, String command) {
        page.append(".PP\n.nf\n").append(Option.roff(command)).append("\n.fi\n");
    }

    private ManPage() {
    }
}
