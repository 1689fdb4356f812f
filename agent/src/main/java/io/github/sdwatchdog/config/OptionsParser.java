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

/**
 * Parses {@code key=value,key=value} agent arguments, and the {@code config=} file (one {@code key=value}
 * per line, {@code #} comments), strictly: unknown keys, repeats and malformed values are errors.
 */
public final class OptionsParser {
    private static final char BOM = '\uFEFF';

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
            throw new ConfigException("'" + item + "' in " + origin + " is not key=value; known keys: " + Option.keys());
        }
        String key = item.substring(0, eq).trim();
        Option option = Option.forKey(key);
        if (option == null) {
            throw new ConfigException("unknown option '" + key + "' in " + origin + "; known keys: " + Option.keys());
        }
        return new Entry(option, item.substring(eq + 1).trim(), origin);
    }

    private static AgentConfig build(List<Entry> entries, Preset preset) throws ConfigException {
        Entry ready = single(entries, Option.READY);
        if (ready == null) {
            throw new ConfigException("option 'ready' is required: ready=<class>#<method>, ready=listen:<port> or ready=http:<port>[/<path>], such as ready=com.acme.Server#start, ready=listen:8080 or ready=http:8080/health/ready; or preset=<name> for a known server ("
                    + Preset.names() + ")");
        }
        Entry stallEntry = single(entries, Option.STALL);
        Duration stall = stallEntry == null ? Option.STALL.defaultDuration() : duration(stallEntry);
        Entry deadlockEntry = single(entries, Option.DEADLOCK_CHECK);
        Optional<Duration> deadlockCheck = deadlockEntry == null ? Optional.of(Option.DEADLOCK_CHECK.defaultDuration())
                : "off".equals(deadlockEntry.value) ? Optional.empty() : Optional.of(duration(deadlockEntry));
        Entry startupStallEntry = single(entries, Option.STARTUP_STALL);
        Duration startupStall = startupStallEntry == null ? Option.STARTUP_STALL.defaultDuration()
                : "off".equals(startupStallEntry.value) ? null : duration(startupStallEntry);
        Entry onUnhealthyEntry = single(entries, Option.ON_UNHEALTHY);
        AgentConfig.OnUnhealthy onUnhealthy = onUnhealthyEntry != null
                ? OptionValues.onUnhealthy(where(onUnhealthyEntry), onUnhealthyEntry.value)
                : OptionValues.onUnhealthy("the default: ", Option.ON_UNHEALTHY.defaultValue());
        int exitStatus = onUnhealthy == AgentConfig.OnUnhealthy.EXIT ? OptionValues.exitStatus(where(onUnhealthyEntry), onUnhealthyEntry.value) : ExitStatus.UNHEALTHY_DEFAULT;
        GcSpiral gcSpiral = gcSpiral(single(entries, Option.GC_SPIRAL));
        Entry httpEntry = single(entries, Option.HTTP);
        HttpAddress http = httpEntry == null ? null : OptionValues.httpAddress(where(httpEntry), httpEntry.value);

        List<WatchPoint> points = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.option == Option.PROGRESS) {
                int at = entry.value.indexOf('@');
                String ref = at < 0 ? entry.value : entry.value.substring(0, at);
                Duration pointStall = at < 0 ? stall : duration(entry, entry.value.substring(at + 1));
                addPoint(points, entry, WatchPoint.Kind.PROGRESS, OptionValues.methodRef(where(entry), ref), pointStall);
            } else if (entry.option == Option.HEARTBEAT) {
                int at = entry.value.indexOf('@');
                if (at < 0) {
                    throw new ConfigException(where(entry) + "'" + entry.value + "' has no period; expected "
                            + "<class>#<method>@<duration>, such as com.acme.Scheduler#tick@1m");
                }
                addPoint(points, entry, WatchPoint.Kind.HEARTBEAT, OptionValues.methodRef(where(entry), entry.value.substring(0, at)),
                        duration(entry, entry.value.substring(at + 1)));
            }
        }
        if (ready.value.startsWith(OptionValues.LISTEN)) {
            List<Integer> ports = OptionValues.ports(where(ready), ready.value);
            for (int port : ports) {
                refuseProbePort(ready, port, httpEntry, http);
            }
            return new AgentConfig(preset, null, ports, null, points, stall, deadlockCheck, onUnhealthy, exitStatus, http, startupStall, gcSpiral);
        }
        if (ready.value.startsWith(OptionValues.HTTP)) {
            ReadyUrl url = OptionValues.readyUrl(where(ready), ready.value);
            refuseProbePort(ready, url.port(), httpEntry, http);
            return new AgentConfig(preset, null, List.of(), url, points, stall, deadlockCheck, onUnhealthy, exitStatus, http, startupStall, gcSpiral);
        }
        MethodRef readyMethod = OptionValues.methodRef(where(ready), ready.value);
        TargetSafety.check(Option.READY.key(), ready.origin, readyMethod);
        return new AgentConfig(preset, readyMethod, List.of(), null, points, stall, deadlockCheck, onUnhealthy, exitStatus, http, startupStall, gcSpiral);
    }

    /** The agent's own probe server answers on its port, so waiting for that port would wait for nothing. */
    private static void refuseProbePort(Entry ready, int port, Entry httpEntry, HttpAddress http) throws ConfigException {
        if (http != null && http.port() == port) {
            throw new ConfigException(where(ready) + "'" + ready.value + "' waits for port " + port + ", where the agent's"
                    + " own probe server listens (option 'http' in " + httpEntry.origin + "), so READY would not wait for"
                    + " the service; give 'http' a port the service does not use");
        }
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
        String where = entry == null ? "the default: " : where(entry);
        try {
            return GcSpiral.parse(entry == null ? Option.GC_SPIRAL.defaultValue() : entry.value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + e.getMessage());
        }
    }

    private static String where(Entry entry) {
        return "option '" + entry.option.key() + "' in " + entry.origin + ": ";
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    private OptionsParser() {
    }
}
