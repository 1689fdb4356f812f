package io.github.sdwatchdog.config;

import io.github.sdwatchdog.bridge.WatchdogBridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Parses {@code key=value,key=value} agent arguments, and the {@code config=} file (one {@code key=value}
 * per line, {@code #} comments), strictly: unknown keys, repeats and malformed values are errors.
 */
public final class OptionsParser {
    private static final Duration DEFAULT_STALL = Duration.ofSeconds(30);
    private static final Duration DEFAULT_STARTUP_STALL = Duration.ofMinutes(1);
    private static final Duration DEFAULT_DEADLOCK_CHECK = Duration.ofSeconds(10);
    /** sysexits.h EX_SOFTWARE. */
    private static final int DEFAULT_EXIT_STATUS = 70;
    /** Below this a check cannot run in time (checks are at most every 50 ms); above it a watchdog is no watchdog. */
    private static final char BOM = '\uFEFF';
    private static final String LISTEN = "listen:";

    /** One option as written, with where it came from for error messages. */
    private static final class Entry {
        final Option option;
        final String value;
        final String origin;

        Entry(Option option, String value, String origin) {
            this.option = option;
            this.value = value;
            this.origin = origin;
        }
    }

    public static AgentConfig parse(String agentArgs) throws ConfigException {
        List<Entry> entries = new ArrayList<>();
        if (agentArgs != null && !agentArgs.trim().isEmpty()) {
            for (String item : agentArgs.split(",", -1)) {
                entries.add(entry(item.trim(), "the agent arguments"));
            }
        }
        Entry config = single(entries, Option.CONFIG);
        if (config != null) {
            entries.addAll(readFile(config.value));
        }
        Preset preset = expandPreset(entries);
        return build(entries, preset);
    }

    /** Adds the preset's items that no explicit option overrides; returns the preset, or null. */
    private static Preset expandPreset(List<Entry> entries) throws ConfigException {
        Entry presetEntry = single(entries, Option.PRESET);
        if (presetEntry == null) {
            return null;
        }
        Preset preset = Preset.forName(presetEntry.value);
        if (preset == null) {
            throw new ConfigException(where(presetEntry) + "'" + presetEntry.value + "' is not a preset; known presets: "
                    + Preset.names());
        }
        List<Entry> explicit = List.copyOf(entries);
        for (String item : preset.options()) {
            Entry entry = entry(item, "preset '" + preset.presetName() + "'");
            boolean overridden = false;
            for (Entry given : explicit) {
                overridden |= given.option == entry.option;
            }
            if (!overridden) {
                entries.add(entry);
            }
        }
        return preset;
    }

    private static List<Entry> readFile(String fileName) throws ConfigException {
        Path path = Paths.get(fileName);
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("option 'config': cannot read '" + fileName + "': " + describe(e));
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == 0 && !line.isEmpty() && line.charAt(0) == BOM) {
                line = line.substring(1); // editors on Windows write one; it is invisible in an error message
            }
            line = line.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Entry entry = entry(line, fileName + " line " + (i + 1));
            if (entry.option == Option.CONFIG) {
                throw new ConfigException("option 'config' in " + entry.origin + ": a config file cannot name another");
            }
            entries.add(entry);
        }
        return entries;
    }

    private static Entry entry(String item, String origin) throws ConfigException {
        int eq = item.indexOf('=');
        if (item.isEmpty()) {
            throw new ConfigException("empty option in " + origin + " (a stray comma?); expected key=value");
        }
        if (eq <= 0) {
            throw new ConfigException("'" + item + "' in " + origin + " is not key=value; known keys: " + knownKeys());
        }
        String key = item.substring(0, eq).trim();
        Option option = Option.forKey(key);
        if (option == null) {
            throw new ConfigException("unknown option '" + key + "' in " + origin + "; known keys: " + knownKeys());
        }
        return new Entry(option, item.substring(eq + 1).trim(), origin);
    }

    private static AgentConfig build(List<Entry> entries, Preset preset) throws ConfigException {
        Entry ready = single(entries, Option.READY);
        if (ready == null) {
            throw new ConfigException("option 'ready' is required: ready=<class>#<method> or ready=listen:<port>, such as ready=com.acme.Server#start or ready=listen:8080; or preset=<name> for a known server ("
                    + Preset.names() + ")");
        }
        Entry stallEntry = single(entries, Option.STALL);
        Duration stall = stallEntry == null ? DEFAULT_STALL : duration(stallEntry);
        Entry deadlockEntry = single(entries, Option.DEADLOCK_CHECK);
        Optional<Duration> deadlockCheck = deadlockEntry == null ? Optional.of(DEFAULT_DEADLOCK_CHECK)
                : "off".equals(deadlockEntry.value) ? Optional.empty() : Optional.of(duration(deadlockEntry));
        Entry startupStallEntry = single(entries, Option.STARTUP_STALL);
        Duration startupStall = startupStallEntry == null ? DEFAULT_STARTUP_STALL
                : "off".equals(startupStallEntry.value) ? null : duration(startupStallEntry);
        Entry onUnhealthyEntry = single(entries, Option.ON_UNHEALTHY);
        AgentConfig.OnUnhealthy onUnhealthy = onUnhealthyEntry == null ? AgentConfig.OnUnhealthy.WITHHOLD
                : onUnhealthy(onUnhealthyEntry);
        int exitStatus = onUnhealthy == AgentConfig.OnUnhealthy.EXIT ? exitStatus(onUnhealthyEntry) : DEFAULT_EXIT_STATUS;
        Entry gcEntry = single(entries, Option.GC_SPIRAL);
        GcSpiral gcSpiral = gcSpiral(gcEntry);
        Entry httpEntry = single(entries, Option.HTTP);
        HttpAddress http = httpEntry == null ? null : httpAddress(httpEntry);

        List<WatchPoint> points = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.option == Option.PROGRESS) {
                int at = entry.value.indexOf('@');
                String ref = at < 0 ? entry.value : entry.value.substring(0, at);
                Duration pointStall = at < 0 ? stall : duration(entry, entry.value.substring(at + 1));
                addPoint(points, entry, WatchPoint.Kind.PROGRESS, methodRef(entry, ref), pointStall);
            } else if (entry.option == Option.HEARTBEAT) {
                int at = entry.value.indexOf('@');
                if (at < 0) {
                    throw new ConfigException(where(entry) + "'" + entry.value + "' has no period; expected "
                            + "<class>#<method>@<duration>, such as com.acme.Scheduler#tick@1m");
                }
                addPoint(points, entry, WatchPoint.Kind.HEARTBEAT, methodRef(entry, entry.value.substring(0, at)),
                        duration(entry, entry.value.substring(at + 1)));
            }
        }
        if (ready.value.startsWith(LISTEN)) {
            return new AgentConfig(preset, null, ports(ready), points, stall, deadlockCheck, onUnhealthy, exitStatus, http, startupStall, gcSpiral);
        }
        MethodRef readyMethod = methodRef(ready, ready.value);
        TargetSafety.check(Option.READY.key(), ready.origin, readyMethod);
        return new AgentConfig(preset, readyMethod, List.of(), points, stall, deadlockCheck, onUnhealthy, exitStatus, http, startupStall, gcSpiral);
    }

    /** listen:<port>[+<port>]...: each 1-65535, each once. */
    private static List<Integer> ports(Entry entry) throws ConfigException {
        String expected = "; expected listen:<port>[+<port>]... with ports 1-65535, such as listen:8080 or listen:8080+8443";
        String list = entry.value.substring(LISTEN.length());
        if (list.isEmpty()) {
            throw new ConfigException(where(entry) + "'" + entry.value + "' names no port" + expected);
        }
        List<Integer> ports = new ArrayList<>();
        for (String text : list.split("\\+", -1)) {
            if (text.isEmpty()) {
                throw new ConfigException(where(entry) + "'" + entry.value + "' has an empty port (a stray '+'?)" + expected);
            }
            int port = asciiNumber(text, 5);
            if (port < 1 || port > 65535) {
                throw new ConfigException(where(entry) + "'" + text + "' is not a port" + expected);
            }
            if (ports.contains(port)) {
                throw new ConfigException(where(entry) + "port " + port + " is named twice in '" + entry.value
                        + "'; name each port once");
            }
            ports.add(port);
        }
        return ports;
    }

    private static void addPoint(List<WatchPoint> points, Entry entry, WatchPoint.Kind kind, MethodRef method,
                                 Duration limit) throws ConfigException {
        TargetSafety.check(entry.option.key(), entry.origin, method);
        for (WatchPoint existing : points) {
            if (existing.method().equals(method)) {
                throw new ConfigException(where(entry) + method + " is already a " + existing.kind()
                        + " point; name each method once");
            }
        }
        if (points.size() == WatchdogBridge.MAX_POINTS) {
            throw new ConfigException(where(entry) + "at most " + WatchdogBridge.MAX_POINTS
                    + " progress and heartbeat points are supported");
        }
        points.add(new WatchPoint(points.size(), kind, method, limit));
    }

    /** The one entry for an option that may appear once, or null. */
    private static Entry single(List<Entry> entries, Option option) throws ConfigException {
        Entry found = null;
        for (Entry entry : entries) {
            if (entry.option == option) {
                if (found != null && found.origin.equals(entry.origin)) {
                    throw new ConfigException("option '" + option.key() + "' is given twice in " + found.origin
                            + " ('" + found.value + "' and '" + entry.value + "'); give it once");
                }
                if (found != null) {
                    throw new ConfigException("option '" + option.key() + "' is given twice (in " + found.origin
                            + " and in " + entry.origin + "); give it once");
                }
                found = entry;
            }
        }
        return found;
    }

    static MethodRef methodRef(Entry entry, String text) throws ConfigException {
        int hash = text.indexOf('#');
        String expected = "; expected <class>#<method>, such as com.acme.Server#start (nested classes as a.B$C)";
        if (hash < 0 || hash != text.lastIndexOf('#')) {
            throw new ConfigException(where(entry) + "'" + text + "' is not a method reference" + expected);
        }
        String className = text.substring(0, hash);
        String methodName = text.substring(hash + 1);
        for (String part : className.split("\\.", -1)) {
            if (!isIdentifier(part)) {
                throw new ConfigException(where(entry) + "'" + className + "' is not a class name" + expected);
            }
        }
        if (!isIdentifier(methodName)) {
            throw new ConfigException(where(entry) + "'" + methodName + "' is not a method name" + expected
                    + "; constructors cannot be named");
        }
        return new MethodRef(className, methodName);
    }

    private static boolean isIdentifier(String text) {
        if (text.isEmpty() || !Character.isJavaIdentifierStart(text.charAt(0))) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            if (!Character.isJavaIdentifierPart(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static Duration duration(Entry entry) throws ConfigException {
        return duration(entry, entry.value);
    }

    private static Duration duration(Entry entry, String text) throws ConfigException {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where(entry) + e.getMessage());
        }
    }

    /** The option's value, or its default: {@link Option#defaultValue()} is the one place that says it. */
    private static GcSpiral gcSpiral(Entry entry) throws ConfigException {
        if (entry == null) {
            return GcSpiral.parse(Option.GC_SPIRAL.defaultValue());
        }
        try {
            return GcSpiral.parse(entry.value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where(entry) + e.getMessage());
        }
    }

    private static AgentConfig.OnUnhealthy onUnhealthy(Entry entry) throws ConfigException {
        String value = entry.value;
        if (value.equals("exit") || value.startsWith("exit:")) {
            return AgentConfig.OnUnhealthy.EXIT;
        }
        switch (value) {
            case "withhold": return AgentConfig.OnUnhealthy.WITHHOLD;
            case "trigger": return AgentConfig.OnUnhealthy.TRIGGER;
            default: throw new ConfigException(where(entry) + "'" + value
                    + "' is not allowed; expected withhold, trigger, exit or exit:<status>");
        }
    }

    /** exit:<status>: 1-255, and not 78, which units keep for a bad configuration (RestartPreventExitStatus=78). */
    private static int exitStatus(Entry entry) throws ConfigException {
        if (entry.value.equals("exit")) {
            return DEFAULT_EXIT_STATUS;
        }
        String text = entry.value.substring("exit:".length());
        int status = asciiNumber(text, 3);
        if (status < 1 || status > 255 || status == 78) {
            throw new ConfigException(where(entry) + "'" + text + "' is not an exit status; expected 1-255 (not 78, kept "
                    + "for a bad configuration), such as exit:70");
        }
        return status;
    }

    private static HttpAddress httpAddress(Entry entry) throws ConfigException {
        String value = entry.value;
        String expected = "; expected [<host>:]<port> with a port 1-65535, such as 8558, 127.0.0.1:8558 or [::1]:8558";
        int colon = value.lastIndexOf(':');
        String host = HttpAddress.DEFAULT_HOST;
        String port = value;
        if (colon >= 0) {
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.indexOf(':') >= 0) {
                throw new ConfigException(where(entry) + "'" + value + "': write an IPv6 host in brackets" + expected);
            }
            if (host.isEmpty()) {
                throw new ConfigException(where(entry) + "'" + value + "' has no host before ':'" + expected);
            }
        }
        int number = asciiNumber(port, 5);
        if (number < 1 || number > 65535) {
            throw new ConfigException(where(entry) + "'" + value + "' has no valid port" + expected);
        }
        return new HttpAddress(host, number);
    }

    /** A number of ASCII digits, at most {@code maxDigits}; -1 if it is not one. */
    private static int asciiNumber(String text, int maxDigits) {
        if (text.isEmpty() || text.length() > maxDigits) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static String where(Entry entry) {
        return "option '" + entry.option.key() + "' in " + entry.origin + ": ";
    }

    private static String knownKeys() {
        StringJoiner keys = new StringJoiner(", ");
        for (Option option : Option.values()) {
            keys.add(option.key());
        }
        return keys.toString();
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    private OptionsParser() {
    }
}
