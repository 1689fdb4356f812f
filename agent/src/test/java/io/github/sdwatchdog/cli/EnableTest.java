package io.github.sdwatchdog.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** enable and disable against a stand-in for systemctl and a file system rooted in a temporary directory. */
class EnableTest {
    static final String AGENT = "/usr/share/java/sd-watchdog.jar";
    static final String OPTIONS = "ready=com.example.testapp.Server#start,stall=10s";

    @TempDir
    Path root;
    private FakeSystemctl systemctl;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void plainJavaUnit() {
        systemctl = new FakeSystemctl(root, "acme.service", "simple", "no",
                "{ path=/usr/bin/java ; argv[]=/usr/bin/java -cp " + testClasses() + " com.example.testapp.TestApp ; ignore_errors=no ; pid=0 }",
                "\"JAVA_TOOL_OPTIONS=-Xmx64m -Dacme=1\" OTHER=2");
    }

    /** test-app, an ordinary service the reactor builds before this module: check --classpath reads it. */
    private static String testClasses() {
        return Paths.get("../test-app/target/test-app.jar").toAbsolutePath().normalize().toString();
    }

    private int run(String... args) {
        UnitCommand context = new UnitCommand(systemctl, root, Optional.of(Paths.get(AGENT)), "1.2.3",
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return context.guarded(() -> args[0].equals("enable") ? new Enable(context).run(args) : new Disable(context).run(args));
    }

    private Path dropIn(String base) {
        return root.resolve(base).resolve("acme.service.d/sd-watchdog.conf");
    }

    @Test
    void writesTheDropInMergedWithTheUnitsJavaToolOptions() throws IOException {
        assertEquals(0, run("enable", "acme", OPTIONS), err.toString());
        assertEquals(String.join("\n",
                "# Written by sd-watchdog enable (sd-watchdog 1.2.3) for acme.service; sd-watchdog disable removes it.",
                "# sd-watchdog enable created this directory; disable removes it once empty",
                "[Service]",
                "# READY=1 comes from the agent when the ready method returns (or the port listens); until then",
                "# the unit is activating.",
                "Type=notify",
                "# Only the main process, the JVM, may notify.",
                "NotifyAccess=main",
                "# The agent pings every WatchdogSec/4 while the service is healthy; when it stops, systemd kills",
                "# the service once this has passed.",
                "WatchdogSec=60s",
                "# SIGKILL, not the default SIGABRT, whose core as large as the heap delays the restart (docs/gc.md);",
                "# the agent's report of what was stuck is in the journal already.",
                "WatchdogSignal=SIGKILL",
                "# A hung (watchdog) or crashed service is restarted.",
                "Restart=on-failure",
                "# Exit status 78: the agent's options are wrong, and retrying does not fix that.",
                "RestartPreventExitStatus=78",
                "# The JVM exits with 128+15 on SIGTERM: for systemctl stop that is success.",
                "SuccessExitStatus=143",
                "# The agent, after what the unit already set: JAVA_TOOL_OPTIONS=-Xmx64m -Dacme=1",
                "Environment=\"JAVA_TOOL_OPTIONS=-Xmx64m -Dacme=1 -javaagent:" + AGENT + "=" + OPTIONS + "\"",
                ""), Files.readString(dropIn("etc/systemd/system")));
        assertEquals(1, systemctl.reloads);
        assertTrue(out.toString().contains("the options will work with this class path"), out.toString());
        assertTrue(out.toString().endsWith("  systemctl restart acme.service\n"), out.toString());
    }

    @Test
    void runtimeWritesUnderRunAndDryRunWritesNothing() throws IOException {
        assertEquals(0, run("enable", "--dry-run", "acme.service", OPTIONS), err.toString());
        assertFalse(Files.exists(root.resolve("etc")));
        assertEquals(0, systemctl.reloads);
        assertTrue(out.toString().contains("Environment=\"JAVA_TOOL_OPTIONS=-Xmx64m -Dacme=1 -javaagent:"), out.toString());
        assertEquals(0, run("enable", "--runtime", "acme.service", OPTIONS), err.toString());
        assertTrue(Files.exists(dropIn("run/systemd/system")));
        assertEquals(78, run("enable", "acme.service", OPTIONS));
        assertTrue(err.toString().contains("already enabled for acme.service in"), err.toString());
    }

    @Test
    void enablingAgainReplacesTheAgentAndDisableRemovesOnlyWhatEnableWrote() throws IOException {
        assertEquals(0, run("enable", "acme", OPTIONS), err.toString());
        String second = OPTIONS.replace("10s", "20s");
        assertEquals(0, run("enable", "--watchdog-sec=90", "acme", second), err.toString());
        String text = Files.readString(dropIn("etc/systemd/system"));
        assertTrue(text.contains("\"JAVA_TOOL_OPTIONS=-Xmx64m -Dacme=1 -javaagent:" + AGENT + "=" + second + "\""), text);
        assertTrue(text.contains("WatchdogSec=90s\n") && DropIn.createdItsDirectory(text), text);
        Path mine = dropIn("etc/systemd/system").resolveSibling("override.conf");
        Files.writeString(mine, "[Service]\nNice=5\n");
        assertEquals(0, run("disable", "acme"), err.toString());
        assertFalse(Files.exists(dropIn("etc/systemd/system")));
        assertTrue(Files.exists(mine), "a drop-in of the administrator's stays");
        Files.delete(mine);
        assertEquals(0, run("enable", "acme", OPTIONS), err.toString());
        assertEquals(0, run("disable", "acme"), err.toString());
        assertTrue(Files.isDirectory(mine.getParent()), "a directory that was there before enable stays");
        Files.delete(mine.getParent());
        assertEquals(0, run("enable", "acme", OPTIONS), err.toString());
        assertEquals(0, run("disable", "acme"), err.toString());
        assertFalse(Files.exists(mine.getParent()), "the directory enable created is gone");
        assertEquals(0, run("disable", "acme"), err.toString());
        assertTrue(out.toString().contains("sd-watchdog is not enabled for acme.service"), out.toString());
    }

    @Test
    void disableLeavesAFileEnableDidNotWrite() throws IOException {
        Files.createDirectories(dropIn("etc/systemd/system").getParent());
        Files.writeString(dropIn("etc/systemd/system"), "[Service]\nType=notify\n");
        assertEquals(1, run("disable", "acme"));
        assertTrue(err.toString().contains("was not written by sd-watchdog enable"), err.toString());
        assertTrue(Files.exists(dropIn("etc/systemd/system")));
    }

    @Test
    void disableRemovesTheDropInOfAUnitThatIsGone() throws IOException {
        Path gone = root.resolve("etc/systemd/system/gone.service.d/sd-watchdog.conf");
        Files.createDirectories(gone.getParent());
        Files.writeString(gone, DropIn.MARKER + " (sd-watchdog 1.2.3) for gone.service\n" + DropIn.CREATED_DIRECTORY + "\n");
        assertEquals(0, run("disable", "gone"), err.toString());
        assertFalse(Files.exists(gone.getParent()));
        assertEquals(1, systemctl.reloads);
    }

    @Test
    void refusesBadOptionsAMissingMethodAndAnUnknownUnit() {
        assertEquals(78, run("enable", "acme", "ready=com.acme.Main#start,stall=10x"));
        assertTrue(err.toString().contains("'10x' is not a duration"), err.toString());
        assertEquals(78, run("enable", "acme", OPTIONS.replace("#start", "#strat")));
        assertTrue(out.toString().contains("nearest: start") || err.toString().contains("nearest: start"),
                out + " / " + err);
        assertEquals(66, run("enable", "nope", OPTIONS));
        assertTrue(err.toString().contains("nope.service: systemd has no such unit"), err.toString());
        assertEquals(2, run("enable", "acme"));
        assertFalse(Files.exists(root.resolve("etc")));
        assertEquals(0, systemctl.reloads);
    }

    @Test
    void refusesAUnitWhoseMainProcessCannotBeTheJvm() throws IOException {
        systemctl.type = "forking";
        assertEquals(78, run("enable", "acme", OPTIONS));
        assertTrue(err.toString().contains("Type=forking: the service puts itself in the background"), err.toString());
        systemctl.type = "simple";
        Path script = root.resolve("start.sh");
        Files.writeString(script, "#!/bin/sh\ncd /opt/acme\n# exec is not used here\njava -jar app.jar\n");
        systemctl.execStart = "{ path=" + script + " ; argv[]=" + script + " ; ignore_errors=no }";
        assertEquals(78, run("enable", "acme", OPTIONS));
        assertTrue(err.toString().contains("which never uses exec: the JVM would be a child of the shell"), err.toString());
        Files.writeString(script, "#!/bin/sh\ncd /opt/acme\nexec 2>&1\nexec java -jar app.jar\n");
        assertEquals(0, run("enable", "acme", OPTIONS), err.toString());
        assertTrue(out.toString().contains("the command that " + script + " execs"), out.toString());
        assertEquals(0, run("disable", "acme"), err.toString());
        Path elf = root.resolve("jsvc");
        Files.write(elf, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        systemctl.execStart = "{ path=" + elf + " ; argv[]=" + elf + " -cp x Main ; ignore_errors=no }";
        assertEquals(78, run("enable", "acme", OPTIONS));
        assertTrue(err.toString().contains("a program that is not java"), err.toString());
    }

    @Test
    void aPresetsLauncherGetsItsOwnVariableInTheForeground() throws IOException {
        Path catalina = root.resolve("opt/tomcat/bin/catalina.sh");
        Files.createDirectories(catalina.getParent());
        Files.writeString(catalina, "#!/bin/sh\neval exec \"\\\"$_RUNJAVA\\\"\" $CATALINA_OPTS\n");
        systemctl.execStart = "{ path=/bin/sh ; argv[]=/bin/sh " + catalina + " start ; ignore_errors=no }";
        assertEquals(78, run("enable", "acme", "preset=tomcat"));
        assertTrue(err.toString().contains("without 'run'"), err.toString());
        systemctl.execStart = "{ path=/bin/sh ; argv[]=/bin/sh " + catalina + " run ; ignore_errors=no }";
        systemctl.restart = "always";
        assertEquals(0, run("enable", "acme", "preset=tomcat"), err.toString());
        String text = Files.readString(dropIn("etc/systemd/system"));
        assertTrue(text.contains("# The agent; the unit set no CATALINA_OPTS before.\n"
                + "Environment=\"CATALINA_OPTS=-javaagent:" + AGENT + "=preset=tomcat\"\n"), text);
        assertFalse(text.contains("Restart=on-failure"), "Restart=always already restarts on a watchdog timeout");
    }

    @Test
    void refusesWhenAnEnvironmentFileWouldOverrideTheDropIn() throws IOException {
        Path file = root.resolve("acme.env");
        Files.writeString(file, "# acme\nexport JAVA_TOOL_OPTIONS=-Xmx1g\n");
        systemctl.environmentFiles = file + " (ignore_errors=no)";
        assertEquals(78, run("enable", "acme", OPTIONS));
        assertTrue(err.toString().contains("sets JAVA_TOOL_OPTIONS in EnvironmentFile=" + file), err.toString());
    }

    @Test
    void theWatchdogOutlastsTheLongestStall() throws Exception {
        assertEquals(60, Enable.defaultWatchdogSeconds(io.github.sdwatchdog.config.OptionsParser.parse("ready=a.B#c")));
        assertEquals(300, Enable.defaultWatchdogSeconds(io.github.sdwatchdog.config.OptionsParser.parse(
                "ready=a.B#c,progress=a.B#d@150s")));
        assertEquals("-Xmx1g -Dx=1", Enable.withoutAgent(" -Xmx1g -javaagent:/usr/share/java/sd-watchdog.jar=ready=a.B#c -Dx=1"));
    }

    /** systemctl as seen by enable: the unit's properties, and after daemon-reload, what our drop-in changes. */
    static final class FakeSystemctl implements Systemctl {
        private final Path root;
        private final String id;
        String type;
        String restart;
        String execStart;
        String environment;
        String environmentFiles = "";
        int reloads;

        FakeSystemctl(Path root, String id, String type, String restart, String execStart, String environment) {
            this.root = root;
            this.id = id;
            this.type = type;
            this.restart = restart;
            this.execStart = execStart;
            this.environment = environment;
        }

        @Override
        public String show(String unit, List<String> properties) throws IOException {
            if (!unit.equals(id)) {
                return "Id=" + unit + "\nLoadState=not-found\nType=\n";
            }
            String shownType = type;
            String extraEnvironment = "";
            for (String base : List.of("run/systemd/system", "etc/systemd/system")) {
                Path dropIn = root.resolve(base).resolve(id + ".d/sd-watchdog.conf");
                if (reloads > 0 && Files.exists(dropIn)) {
                    for (String line : Files.readAllLines(dropIn)) {
                        shownType = line.equals("Type=notify") ? "notify" : shownType;
                        extraEnvironment = line.startsWith("Environment=") ? line.substring(12) : extraEnvironment;
                    }
                }
            }
            return String.join("\n", "Id=" + id, "LoadState=loaded", "Type=" + shownType, "Restart=" + restart,
                    "ExecStart=" + execStart, "Environment=" + environment + " " + extraEnvironment,
                    "EnvironmentFiles=" + environmentFiles, "WorkingDirectory=", "DropInPaths=", "");
        }

        @Override
        public void daemonReload() {
            reloads++;
        }
    }
}
