package io.github.sdwatchdog.cli;

import io.github.sdwatchdog.check.ClasspathCheck;
import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.ConfigException;
import io.github.sdwatchdog.config.Durations;
import io.github.sdwatchdog.config.ExitStatus;
import io.github.sdwatchdog.config.Option;
import io.github.sdwatchdog.config.OptionsParser;
import io.github.sdwatchdog.config.Preset;
import io.github.sdwatchdog.notify.NativeUnavailableException;
import io.github.sdwatchdog.notify.NotifyListener;
import io.github.sdwatchdog.notify.NotifySocketAddress;
import io.github.sdwatchdog.suggest.Suggest;

import java.io.IOException;
import java.io.PrintStream;

/** {@code java -jar sd-watchdog-agent.jar [--help | check '<options>' [--classpath <path>] | listen <socket> | suggest <pid>]}. */
public final class Cli {
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(help());
            return ExitStatus.OK;
        }
        if (args[0].equals("check") && (args.length == 2 || args.length == 4 && args[2].equals("--classpath"))) {
            AgentConfig config;
            try {
                config = OptionsParser.parse(args[1]);
            } catch (ConfigException e) {
                err.println("invalid: " + e.getMessage());
                return ExitStatus.BAD_OPTIONS;
            }
            config.preset().ifPresent(preset -> out.println("preset=" + preset.presetName() + " expands to: "
                    + preset.expansion() + " (options given explicitly win)"));
            if (args.length == 4) {
                return ClasspathCheck.run(config, args[3], out, err);
            }
            out.println("options are valid: " + config.describe());
            return ExitStatus.OK;
        }
        if (args[0].equals("listen") && args.length == 2) {
            try {
                NotifyListener.listen(NotifySocketAddress.parse(args[1]), out);
                return ExitStatus.OK;
            } catch (NativeUnavailableException | IOException | IllegalArgumentException e) {
                err.println("listen: " + e.getMessage());
                return ExitStatus.FAILED;
            }
        }
        if (args[0].equals("suggest") && args.length >= 2) {
            return Suggest.run(args, out, err);
        }
        err.println("unknown command: " + String.join(" ", args) + "\n");
        err.print(help());
        return ExitStatus.USAGE;
    }

    static String help() {
        StringBuilder text = new StringBuilder();
        text.append("sd-watchdog: a Java agent that tells systemd when the service is ready, and keeps its\n")
                .append("watchdog fed only while the main loop makes progress and no thread is deadlocked.\n\n")
                .append("Use:\n")
                .append("  java -javaagent:sd-watchdog-agent.jar=<option>=<value>[,<option>=<value>]...   run a service watched\n")
                .append("       options: ").append(Option.keys()).append(" (below)\n")
                .append("  java -jar sd-watchdog-agent.jar check '<options>'   validate options and explain any error\n")
                .append("  java -jar sd-watchdog-agent.jar check '<options>' --classpath <jars and dirs separated by ':', dir/* for all jars in dir>\n")
                .append("       also confirm, from the class files (Spring Boot fat jars included), that each named class and\n")
                .append("       method exists, and warn if the ready method may never return or a progress method is a loop\n")
                .append("       idle threads wait in. Exit status: ").append(ExitStatus.OK).append(" the options will work, ")
                .append(ExitStatus.BAD_OPTIONS).append(" a bad option or a missing class\n       or method, ")
                .append(ExitStatus.WARNING).append(" a warning (the ready method may never return, a progress method is a loop),\n       ")
                .append(ExitStatus.CLASS_PATH_UNREADABLE).append(" a class path entry cannot be read\n")
                .append("  java -jar sd-watchdog-agent.jar listen <socket>     print sd_notify datagrams sent to <socket>\n")
                .append("  java -jar sd-watchdog-agent.jar suggest <pid> [--samples=5] [--interval-ms=1000]\n")
                .append("                                 sample a running JVM's threads (same user) and print candidate options\n")
                .append("  java -jar sd-watchdog-agent.jar suggest <pid> --ready-url=http://127.0.0.1:<port>/<path> [--timeout=300]\n")
                .append("       started with the service: watch its startup until the URL answers 2xx and name the ready method\n")
                .append("       (a line 'ready method: ready=<class>#<method>' or 'ready method: none'); exit status ")
                .append(ExitStatus.OK).append(" named,\n       ").append(ExitStatus.NONE_NAMED).append(" none can be, ")
                .append(ExitStatus.WARNING).append(" the URL did not answer 2xx in time\n\n")
                .append("Durations: ").append(Durations.GRAMMAR).append(". Nested classes: a.B$C.\n\n")
                .append("Options:\n");
        for (Option option : Option.values()) {
            text.append(String.format("  %-15s %-33s default %s%n      %s%n", option.key(), option.syntax(),
                    option.defaultValue(), option.description()));
        }
        text.append("\nPresets (preset=<name>; options given explicitly win):\n");
        for (Preset preset : Preset.values()) {
            text.append(String.format("  %-20s %s%n      %s%n", preset.presetName(), preset.servers(), preset.expansion()));
        }
        return text.toString();
    }

    private Cli() {
    }
}
