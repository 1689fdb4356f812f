package io.github.sdwatchdog.cli;

import io.github.sdwatchdog.config.Preset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a unit starts its JVM, read from its ExecStart= command: whether the JVM can be the unit's main process (systemd
 * takes notifications only from it, NotifyAccess=main), the environment variable that brings the agent to it, and its
 * class path where the command names one. A refusal says why in words an operator can act on.
 */
final class Launch {
    static final String JAVA_TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";
    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "ksh", "zsh");
    /** An exec that replaces the shell with a command (not one that only redirects the shell's own output). */
    private static final Pattern EXEC_LINE = Pattern.compile("(^|[\\s;&|(])exec\\s+(?![0-9]*[<>])\\S");
    private static final int MAX_SCRIPT_BYTES = 1 << 20;

    /** A launcher script a preset's server ships, which reads a variable of its own for JVM options and execs java. */
    private enum ServerScript {
        TOMCAT(Preset.TOMCAT, "catalina.sh", "run", "CATALINA_OPTS"),
        ARTEMIS(Preset.ARTEMIS, "artemis", "run", "JAVA_ARGS_APPEND"),
        KAFKA(Preset.KAFKA, "kafka-server-start.sh", null, "KAFKA_OPTS"),
        ZOOKEEPER(Preset.ZOOKEEPER, "zkServer.sh", "start-foreground", "SERVER_JVMFLAGS");

        final Preset preset;
        final String script;
        final String foregroundCommand;
        final String variable;

        ServerScript(Preset preset, String script, String foregroundCommand, String variable) {
            this.preset = preset;
            this.script = script;
            this.foregroundCommand = foregroundCommand;
            this.variable = variable;
        }
    }

    final String refusal;
    final String variable;
    final String description;
    /** The class path to check the options against, or empty with {@link #classPathNote} saying why not. */
    final Optional<String> classPath;
    final String classPathNote;

    private Launch(String refusal, String variable, String description, Optional<String> classPath, String classPathNote) {
        this.refusal = refusal;
        this.variable = variable;
        this.description = description;
        this.classPath = classPath;
        this.classPathNote = classPathNote;
    }

    private static Launch refuse(String why) {
        return new Launch(why, null, null, Optional.empty(), null);
    }

    static Launch examine(UnitFacts.Command command, Optional<Preset> preset, String workingDirectory) {
        List<String> argv = command.argv;
        for (String arg : argv) {
            if (arg.startsWith("-javaagent:") && arg.contains("sd-watchdog")) {
                return refuse("its ExecStart= already loads sd-watchdog (" + arg + "); a second agent would only "
                        + "duplicate the first: remove it from the unit, or keep that unit as it is");
            }
        }
        int program = 0;
        String name = fileName(command.path);
        if (name.equals("env")) {
            program = 1;
            while (program < argv.size() && (argv.get(program).startsWith("-") || argv.get(program).contains("="))) {
                program++;
            }
            if (program == argv.size()) {
                return refuse("its ExecStart= runs env without a command");
            }
            name = fileName(argv.get(program));
        }
        if (name.equals("java")) {
            return javaCommand(argv.subList(program, argv.size()), workingDirectory);
        }
        if (SHELLS.contains(name)) {
            return shellCommand(argv.subList(program, argv.size()), preset);
        }
        return script(program == 0 ? command.path : argv.get(program), argv.subList(program + 1, argv.size()), preset);
    }

    private static Launch javaCommand(List<String> argv, String workingDirectory) {
        String classPath = classPathArgument(argv);
        String description = "the JVM itself (" + argv.get(0) + ")";
        if (classPath == null) {
            return new Launch(null, JAVA_TOOL_OPTIONS, description, Optional.empty(), "its java command names no -jar or -cp");
        }
        return ClassPathEntries.resolve(classPath, workingDirectory)
                .map(path -> new Launch(null, JAVA_TOOL_OPTIONS, description, Optional.of(path), null))
                .orElseGet(() -> new Launch(null, JAVA_TOOL_OPTIONS, description, Optional.empty(),
                        "an entry of its class path " + classPath + " does not exist here"));
    }

    /** The value of -jar, -cp, -classpath or --class-path among the JVM's options, or null. */
    private static String classPathArgument(List<String> argv) {
        for (int i = 1; i < argv.size(); i++) {
            String arg = argv.get(i);
            if ((arg.equals("-jar") || arg.equals("-cp") || arg.equals("-classpath") || arg.equals("--class-path"))
                    && i + 1 < argv.size()) {
                return argv.get(i + 1);
            } else if (arg.startsWith("--class-path=")) {
                return arg.substring("--class-path=".length());
            } else if (!arg.startsWith("-")) {
                return null; // the main class: what follows is the application's
            }
        }
        return null;
    }

    private static Launch shellCommand(List<String> argv, Optional<Preset> preset) {
        for (int i = 1; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.equals("-c")) {
                String inline = String.join(" ", argv.subList(i + 1, argv.size()));
                return EXEC_LINE.matcher(inline).find()
                        ? new Launch(null, JAVA_TOOL_OPTIONS, "the command that " + argv.get(0) + " -c execs", Optional.empty(),
                                "the JVM is started by a shell command")
                        : refuse(noExec(argv.get(0) + " -c '" + inline + "'"));
            }
            if (!arg.startsWith("-")) {
                return script(arg, argv.subList(i + 1, argv.size()), preset);
            }
        }
        return refuse("its ExecStart= runs " + argv.get(0) + " without a script");
    }

    private static Launch script(String file, List<String> args, Optional<Preset> preset) {
        Path path = Paths.get(file);
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(MAX_SCRIPT_BYTES);
        } catch (IOException e) {
            return refuse("its ExecStart= runs " + file + ", which cannot be read here (" + e.getMessage()
                    + "), so whether it starts the JVM as its main process is unknown");
        }
        if (head.length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
            return refuse("its ExecStart= runs " + file + ", a program that is not java: the JVM it starts (if any) is "
                    + "not the unit's main process, so systemd would drop the agent's READY=1 and WATCHDOG=1 "
                    + "(NotifyAccess=main); run java directly, or from a script that ends in exec java");
        }
        for (ServerScript server : ServerScript.values()) {
            if (preset.isPresent() && preset.get() == server.preset && fileName(file).equals(server.script)) {
                if (server.foregroundCommand != null && !args.contains(server.foregroundCommand)) {
                    return refuse("its ExecStart= runs " + file + " without '" + server.foregroundCommand
                            + "': the JVM would not stay in the foreground as the unit's main process; use "
                            + file + " " + server.foregroundCommand);
                }
                return new Launch(null, server.variable, "the JVM that " + server.script + " execs (" + server.variable
                        + " is its own variable for JVM options)", Optional.empty(), "the JVM is started by " + file);
            }
        }
        String text = new String(head, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (!line.trim().startsWith("#") && EXEC_LINE.matcher(line).find()) {
                return new Launch(null, JAVA_TOOL_OPTIONS, "the command that " + file + " execs (it must be java)",
                        Optional.empty(), "the JVM is started by " + file);
            }
        }
        return refuse(noExec(file));
    }

    private static String noExec(String script) {
        return "its ExecStart= runs " + script + ", which never uses exec: the JVM would be a child of the shell, not "
                + "the unit's main process, and systemd would drop the agent's READY=1 and WATCHDOG=1 (NotifyAccess=main); "
                + "start java with exec java ... in the script";
    }

    private static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
