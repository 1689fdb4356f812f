package io.github.sdwatchdog.cli;

import io.github.sdwatchdog.check.ClasspathCheck;
import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.ConfigException;
import io.github.sdwatchdog.config.ExitStatus;
import io.github.sdwatchdog.config.OptionsParser;
import io.github.sdwatchdog.config.WatchPoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * {@code sd-watchdog enable [--runtime] [--dry-run] [--watchdog-sec=<s>] [--no-classpath-check] <unit> <options>}:
 * turns an existing Java unit into a watched one with a drop-in, without touching the unit's file. Exit statuses
 * ({@link UnitCommand}): 0 done, 2 usage, 3 the ready method may never return, 66 no such unit, 78 bad options or a
 * unit that cannot be watched, 1 systemctl or the file system failed.
 */
final class Enable {
    private static final Set<String> WATCHABLE_TYPES = Set.of("simple", "exec", "notify", "idle");
    private static final Set<String> RESTARTS_ON_WATCHDOG = Set.of("always", "on-failure", "on-abnormal", "on-watchdog");
    private static final long MIN_WATCHDOG_SECONDS = 60;

    private final UnitCommand context;
    private boolean runtime;
    private boolean dryRun;
    private boolean classPathCheck = true;
    private long watchdogSeconds;
    private String unitName;
    private String options;

    Enable(UnitCommand context) {
        this.context = context;
    }

    int run(String[] args) throws IOException {
        if (!parse(args)) {
            context.err.println("usage: sd-watchdog enable [--runtime] [--dry-run] [--watchdog-sec=<seconds>] "
                    + "[--no-classpath-check] <unit> '<options>'");
            return UnitCommand.USAGE;
        }
        AgentConfig config;
        try {
            config = OptionsParser.parse(options);
        } catch (ConfigException e) {
            context.err.println("invalid: " + e.getMessage());
            return UnitCommand.REFUSED;
        }
        if (options.chars().anyMatch(Character::isWhitespace)) {
            return context.refuse("the options contain a space, and the JVM splits JAVA_TOOL_OPTIONS and the like at spaces");
        }
        Optional<Path> jar = context.agentJar;
        if (jar.isEmpty()) {
            context.err.println("enable must run from the agent jar (/usr/bin/sd-watchdog, or java -jar sd-watchdog.jar), "
                    + "whose path goes into the unit");
            return UnitCommand.FAILED;
        }
        UnitFacts unit = context.unit(unitName);
        if (unit == null) {
            return UnitCommand.NOT_FOUND;
        }
        return enable(unit, config, jar.get());
    }

    private int enable(UnitFacts unit, AgentConfig config, Path jar) throws IOException {
        Path other = context.dropInFile(!runtime, unit.id);
        if (Files.exists(other)) {
            return context.refuse("sd-watchdog is already enabled for " + unit.id + " in " + other + "; run sd-watchdog disable"
                    + (runtime ? "" : " --runtime") + " " + unit.id + " first");
        }
        if (!WATCHABLE_TYPES.contains(unit.type)) {
            return context.refuse(unit.id + " has Type=" + unit.type + ": " + typeReason(unit.type));
        }
        if (unit.execStart.size() != 1) {
            return context.refuse(unit.id + " has " + unit.execStart.size() + " ExecStart= commands; a service to watch has one, "
                    + "the JVM");
        }
        Launch launch = Launch.examine(unit.execStart.get(0), config.preset(), unit.workingDirectory);
        if (launch.refusal != null) {
            return context.refuse(unit.id + " cannot be watched: " + launch.refusal);
        }
        String overridingFile = environmentFileSetting(unit, launch.variable);
        if (overridingFile != null) {
            return context.refuse(unit.id + " sets " + launch.variable + " in EnvironmentFile=" + overridingFile + ", which "
                    + "wins over a drop-in's Environment=; add -javaagent:" + jar + "=" + options + " to it there instead");
        }
        int checked = checkClassPath(config, launch);
        if (checked != ExitStatus.OK) {
            return checked;
        }
        String previous = withoutAgent(unit.environment.getOrDefault(launch.variable, ""));
        String value = (previous + " -javaagent:" + jar + "=" + options).trim();
        Path directory = DropIn.directory(context.root, runtime, unit.id);
        Path ours = directory.resolve(DropIn.FILE_NAME);
        boolean createdDirectory = !Files.isDirectory(directory)
                || Files.isRegularFile(ours) && DropIn.createdItsDirectory(Files.readString(ours));
        DropIn dropIn = new DropIn(unit.id, launch.variable, value, previous,
                watchdogSeconds > 0 ? watchdogSeconds : defaultWatchdogSeconds(config),
                !RESTARTS_ON_WATCHDOG.contains(unit.restart), createdDirectory, context.version);
        context.out.println(unit.id + ": the main process is " + launch.description + "; the agent goes in " + launch.variable);
        if (dryRun) {
            context.out.println("--dry-run: would write " + ours + ":");
            context.out.print(dropIn.text());
            return UnitCommand.OK;
        }
        write(directory, dropIn);
        context.systemctl.daemonReload();
        return verify(unit.id, launch.variable, ours);
    }

    private boolean parse(String[] args) {
        int positional = 0;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--runtime")) {
                runtime = true;
            } else if (arg.equals("--dry-run")) {
                dryRun = true;
            } else if (arg.equals("--no-classpath-check")) {
                classPathCheck = false;
            } else if (arg.startsWith("--watchdog-sec=") && arg.substring(15).matches("[1-9][0-9]{0,5}")) {
                watchdogSeconds = Long.parseLong(arg.substring(15));
            } else if (arg.startsWith("-") || positional == 2) {
                return false;
            } else if (positional++ == 0) {
                unitName = arg;
            } else {
                options = arg;
            }
        }
        return positional == 2;
    }

    private static String typeReason(String type) {
        switch (type) {
            case "forking":
                return "the service puts itself in the background and systemd guesses its main process; run the JVM in the "
                        + "foreground (Type=simple, java as ExecStart=) first";
            case "oneshot":
                return "it runs to completion; there is no long-running service to watch";
            default:
                return "only simple, exec, idle and notify units can become Type=notify without changing how they start";
        }
    }

    /** The EnvironmentFile= that sets VARIABLE (it would override the drop-in), or null. */
    private static String environmentFileSetting(UnitFacts unit, String variable) {
        Pattern setting = Pattern.compile("\\s*(export\\s+)?" + Pattern.quote(variable) + "\\s*=.*");
        for (String file : unit.environmentFiles) {
            try {
                for (String line : Files.readAllLines(Paths.get(file), StandardCharsets.UTF_8)) {
                    if (setting.matcher(line).matches()) {
                        return file;
                    }
                }
            } catch (IOException e) {
                // Missing (EnvironmentFile=-...) or unreadable: the unit's start will tell.
            }
        }
        return null;
    }

    private int checkClassPath(AgentConfig config, Launch launch) {
        if (!classPathCheck) {
            context.out.println("class path not checked (--no-classpath-check)");
            return ExitStatus.OK;
        }
        if (launch.classPath.isEmpty()) {
            context.out.println("class path not checked: " + launch.classPathNote + " (check it with sd-watchdog check "
                    + "'<options>' --classpath <jars>)");
            return ExitStatus.OK;
        }
        int status = ClasspathCheck.run(config, launch.classPath.get(), context.out, context.err);
        if (status == ExitStatus.WARNING) {
            context.err.println("not enabled: check warned (above): a ready method that never returns keeps the unit "
                    + "activating, a loop as a progress point restarts an idle service; name other methods, or add "
                    + "--no-classpath-check if you know better");
        } else if (status != ExitStatus.OK) {
            context.err.println("not enabled: the options do not fit the unit's class path (above)");
        }
        return status;
    }

    /** The value without an sd-watchdog agent (one an earlier enable added), so enabling again replaces it. */
    static String withoutAgent(String value) {
        StringJoiner kept = new StringJoiner(" ");
        for (String word : value.trim().split("\\s+")) {
            if (!word.isEmpty() && !(word.startsWith("-javaagent:") && word.contains("sd-watchdog"))) {
                kept.add(word);
            }
        }
        return kept.toString();
    }

    /** The examples' 60 s, or twice the longest stall: a slow but healthy point must not outlast the watchdog. */
    static long defaultWatchdogSeconds(AgentConfig config) {
        Duration longest = config.stall();
        for (WatchPoint point : config.watchPoints()) {
            longest = point.limit().compareTo(longest) > 0 ? point.limit() : longest;
        }
        return Math.max(MIN_WATCHDOG_SECONDS, (longest.toMillis() * 2 + 999) / 1000);
    }

    private void write(Path directory, DropIn dropIn) throws IOException {
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, ".sd-watchdog", ".tmp");
        try {
            Files.write(temporary, dropIn.text().getBytes(StandardCharsets.UTF_8));
            temporary.toFile().setReadable(true, false);
            Files.move(temporary, directory.resolve(DropIn.FILE_NAME), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** After daemon-reload: systemd must now see Type=notify and the agent (a later drop-in could override them). */
    private int verify(String unit, String variable, Path file) throws IOException {
        UnitFacts now = UnitFacts.parse(context.systemctl.show(unit, UnitFacts.PROPERTIES));
        String value = now.environment.getOrDefault(variable, "");
        if (!now.type.equals("notify") || !value.contains("-javaagent:") || !value.contains("sd-watchdog")) {
            context.err.println("wrote " + file + ", but systemd now shows Type=" + now.type + " and " + variable + "="
                    + value + ": a drop-in that sorts after " + DropIn.FILE_NAME + " overrides it (systemctl cat " + unit
                    + " shows them all)");
            return UnitCommand.FAILED;
        }
        context.out.println("wrote " + file + " and ran systemctl daemon-reload" + (runtime ? " (until the next boot)" : ""));
        context.out.println("one command left, which restarts the service with the agent:");
        context.out.println("  systemctl restart " + unit);
        return UnitCommand.OK;
    }
}
