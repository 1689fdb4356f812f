package io.github.sdwatchdog.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@code enable} needs to know about a unit, parsed once from {@code systemctl show}. */
final class UnitFacts {
    static final List<String> PROPERTIES = List.of("Id", "LoadState", "Type", "Restart", "ExecStart", "Environment",
            "EnvironmentFiles", "WorkingDirectory", "DropInPaths");

    private static final Pattern EXEC = Pattern.compile("\\{ path=(.*?) ; argv\\[\\]=(.*?) ; ignore_errors=");

    /** One ExecStart= command: the program's exact path, and its arguments (systemd 252 prints them space-joined). */
    static final class Command {
        final String path;
        final List<String> argv;

        Command(String path, List<String> argv) {
            this.path = path;
            this.argv = List.copyOf(argv);
        }
    }

    final String id;
    final String loadState;
    final String type;
    final String restart;
    final List<Command> execStart;
    final Map<String, String> environment;
    final List<String> environmentFiles;
    final String workingDirectory;
    final List<String> dropInPaths;

    private UnitFacts(Map<String, List<String>> shown) {
        id = first(shown, "Id");
        loadState = first(shown, "LoadState");
        type = first(shown, "Type");
        restart = first(shown, "Restart");
        List<Command> commands = new ArrayList<>();
        for (String line : shown.getOrDefault("ExecStart", List.of())) {
            Matcher command = EXEC.matcher(line);
            while (command.find()) {
                commands.add(new Command(command.group(1), Arrays.asList(command.group(2).trim().split(" +"))));
            }
        }
        execStart = List.copyOf(commands);
        environment = environment(shown.getOrDefault("Environment", List.of()));
        List<String> files = new ArrayList<>();
        for (String line : shown.getOrDefault("EnvironmentFiles", List.of())) {
            int options = line.lastIndexOf(" (ignore_errors=");
            if (!line.isEmpty()) {
                files.add(options < 0 ? line : line.substring(0, options));
            }
        }
        environmentFiles = List.copyOf(files);
        workingDirectory = first(shown, "WorkingDirectory");
        String dropIns = first(shown, "DropInPaths");
        dropInPaths = dropIns.isEmpty() ? List.of() : List.of(dropIns.split(" "));
    }

    /** Parses {@code systemctl show -p ...} output: KEY=VALUE lines, a key repeated for each list entry. */
    static UnitFacts parse(String shown) {
        Map<String, List<String>> properties = new LinkedHashMap<>();
        for (String line : shown.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                properties.computeIfAbsent(line.substring(0, equals), key -> new ArrayList<>()).add(line.substring(equals + 1));
            }
        }
        return new UnitFacts(properties);
    }

    private static String first(Map<String, List<String>> shown, String key) {
        List<String> values = shown.get(key);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    /**
     * systemctl prints the environment as space-separated assignments, one with a space or a special character
     * in double quotes with backslash escapes ({@code "JAVA_TOOL_OPTIONS=-Xmx1g -Dx=y"}).
     */
    static Map<String, String> environment(List<String> lines) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : lines) {
            for (String assignment : words(line)) {
                int equals = assignment.indexOf('=');
                if (equals > 0) {
                    variables.put(assignment.substring(0, equals), assignment.substring(equals + 1));
                }
            }
        }
        return variables;
    }

    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (c == ' ' && !quoted) {
                if (inWord) {
                    words.add(word.toString());
                }
                word.setLength(0);
                inWord = false;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
