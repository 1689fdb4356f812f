package io.github.sdwatchdog.config;

import java.time.Duration;

/** Every option the agent accepts. The parser, {@code --help} and the README table are made from this list. */
public enum Option {
    READY("ready", "<class>#<method>|listen:<port>[+<port>]...|http:<port>[/<path>]", "(required unless preset)",
            "Startup method: READY=1 is sent when its first call (any overload) returns normally. Or listen:8080: READY=1 once this JVM listens on TCP port 8080 (IPv4 or IPv6, any address, any transport); listen:8080+8443 waits for all of them. Or http:8080/health/ready: READY=1 once GET http://127.0.0.1:8080/health/ready answers 2xx, for servers that listen before they serve (one request at a time, 50 to 200 ms apart). Neither instruments a class; neither may name the http port."),
    PRESET("preset", "<name>", "(none)",
            "A tested bundle of ready, progress and heartbeat for a server: " + Preset.names() + " (README: Quick start for your server). Options given explicitly win; an explicit progress or heartbeat replaces all of the preset's points of that kind."),
    PROGRESS("progress", "<class>#<method>[@<duration>]", "(none)",
            "Work-driven method whose calls show progress: stuck when a call is in flight and none has begun for its stall; idle is fine. Repeatable. '@5s' sets this point's own stall."),
    HEARTBEAT("heartbeat", "<class>#<method>@<duration>", "(none)",
            "Method that must begin at least once per duration, whether or not a call is in flight: a loop, scheduler or timer tick. Repeatable; progress and heartbeat points together at most 16."),
    STALL("stall", "<duration>", "30s",
            "A progress point with a call in flight and no call begun for this long is stuck."),
    STARTUP_STALL("startup-stall", "<duration>|off", "1m",
            "While the ready method has not returned, EXTEND_TIMEOUT_USEC= keeps TimeoutStartSec= from expiring as long as startup shows progress (5 classes loaded, or the startup thread's stack changed) within this duration; off: never extend. A ready method entered this long (at most 30s) ago whose thread waits without a timeout is named as one that may never return."),
    DEADLOCK_CHECK("deadlock-check", "<duration>|off", "10s",
            "How often to ask ThreadMXBean for deadlocked threads; also checked at once when a stall is suspected."),
    GC_SPIRAL("gc-spiral", "<pause>%/<heap>%/<duration>|off", "50%/90%/20s",
            "A GC death spiral is unhealthy: stop-the-world GC pauses take more than <pause>% of the time while each old or full collection leaves the heap at least <heap>% full, until the pause time beyond that share adds up to <duration> (jvmquake's GC debt; at 80% of the time in GC the default takes 33 s). Concurrent GC work (ZGC and Shenandoah cycles) is not a pause. off: the GC is not judged."),
    ON_UNHEALTHY("on-unhealthy", "withhold|trigger|exit[:<status>]|log", "withhold",
            "withhold: stop pinging and let WatchdogSec= expire. trigger: also send WATCHDOG=trigger, so systemd acts at once. exit: once the verdict has held for max(1s, 2 checks), write the report and halt the JVM with <status> (default " + ExitStatus.UNHEALTHY_DEFAULT + "), for supervisors that restart only on exit; also when the startup has made no progress for startup-stall. log: observe mode, to start with (docs/rollout.md): checks and reports as withhold does (journal, STATUS=, probes, MBean), but pings go on and the probes pass, so nothing acts on the verdict; STATUS= says what withhold would have done, and each point's longest quiet time is logged as it grows, to set stall above it."),
    HTTP("http", "[<host>:]<port>", "(off)",
            "Serve /livez, /readyz and /startupz (Kubernetes-style, ?verbose for one line per check) on this port, on 127.0.0.1 unless a host is given."),
    CONFIG("config", "<file>", "(none)",
            "Properties file with more of these options (not config). An option may not be given in both places.");

    private final String key;
    private final String syntax;
    private final String defaultValue;
    private final String description;

    Option(String key, String syntax, String defaultValue, String description) {
        this.key = key;
        this.syntax = syntax;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String syntax() {
        return syntax;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** The default of a duration option ({@code stall}, {@code startup-stall}, {@code deadlock-check}), from its one text. */
    Duration defaultDuration() {
        return Durations.parse(defaultValue);
    }

    public String description() {
        return description;
    }

    static Option forKey(String key) {
        for (Option option : values()) {
            if (option.key.equals(key)) {
                return option;
            }
        }
        return null;
    }

    /** Every key, in the table's order: "ready, preset, ...". */
    public static String keys() {
        StringBuilder keys = new StringBuilder();
        for (Option option : values()) {
            keys.append(keys.length() == 0 ? "" : ", ").append(option.key);
        }
        return keys.toString();
    }

    /** The options as a Markdown table; the README embeds exactly this text. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| option | value | default | meaning |\n|---|---|---|---|\n");
        for (Option option : values()) {
            table.append("| `").append(option.key).append("` | `").append(option.syntax.replace("|", "\\|"))
                    .append("` | ").append(option.defaultValue).append(" | ")
                    .append(option.description).append(" |\n");
        }
        return table.toString();
    }

    /** The options as man page entries (roff); the packaged man page embeds exactly this text. */
    public static String manPageEntries() {
        StringBuilder entries = new StringBuilder();
        for (Option option : values()) {
            entries.append(".TP\n\\fB").append(roff(option.key)).append("\\fR=\\fI").append(roff(option.syntax))
                    .append("\\fR\n").append(roff(option.description)).append("\n.br\nDefault: ")
                    .append(roff(option.defaultValue)).append(".\n");
        }
        return entries.toString();
    }

    /** Text for a roff line: backslashes and minus signs escaped, a leading dot or quote kept literal. */
    public static String roff(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }
}
