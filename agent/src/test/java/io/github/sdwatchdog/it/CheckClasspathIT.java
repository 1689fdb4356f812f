package io.github.sdwatchdog.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code java -jar agent.jar check '<options>' --classpath <path>} against test-app's classes, plain and in a fat jar. */
class CheckClasspathIT {
    private static final String APP = "com.example.testapp.";
    private static final Path TEST_APP_CLASSES = Paths.get("../test-app/target/classes");

    @TempDir
    Path dir;

    /** Exit status and output of one run. */
    private static final class Result {
        final int status;
        final String out;
        final String err;

        Result(int status, String out, String err) {
            this.status = status;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString() {
            return "status " + status + "\nstdout:\n" + out + "stderr:\n" + err;
        }
    }

    @Test
    void aGoodClassPathPasses() throws Exception {
        Result result = check("ready=" + APP + "Server#start,progress=" + APP + "WorkLoop#tick", AgentProcess.TEST_APP_JAR.toString());
        assertEquals(0, result.status, result.toString());
        assertTrue(result.out.contains("ok: " + APP + "Server#start (ready) in "), result.toString());
        assertTrue(result.out.contains("the options will work with this class path"), result.toString());
    }

    @Test
    void aMisspeltMethodIsNamedWithTheNearestOne() throws Exception {
        Result result = check("ready=" + APP + "Server#strat", AgentProcess.TEST_APP_JAR.toString());
        assertEquals(78, result.status, result.toString());
        assertTrue(result.err.contains("error: option 'ready' names " + APP + "Server#strat, but " + APP
                + "Server declares no method 'strat' (nearest: start)"), result.toString());
    }

    @Test
    void aMissingClassIsNamedWithTheNearestOne() throws Exception {
        Result result = check("ready=" + APP + "Server#start,heartbeat=" + APP + "WorkLop#tick@10s",
                TEST_APP_CLASSES + ":" + AgentProcess.TEST_APP_JAR);
        assertEquals(78, result.status, result.toString());
        assertTrue(result.err.contains("error: option 'heartbeat' names " + APP + "WorkLop#tick, but class " + APP
                + "WorkLop is not on the class path (nearest: " + APP + "WorkLoop)"), result.toString());
        assertTrue(result.out.contains("ok: " + APP + "Server#start (ready) in " + TEST_APP_CLASSES), result.toString());
    }

    @Test
    void classesInAFatJarAndInAJarNestedInItAreFound() throws Exception {
        Path fat = dir.resolve("service.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(fat));
             ZipFile app = new ZipFile(AgentProcess.TEST_APP_JAR.toFile())) {
            zip.putNextEntry(new ZipEntry("BOOT-INF/classes/com/example/testapp/Server.class"));
            try (InputStream in = app.getInputStream(app.getEntry("com/example/testapp/Server.class"))) {
                in.transferTo(zip);
            }
            zip.putNextEntry(new ZipEntry("BOOT-INF/lib/test-app-core.jar"));
            nestedJarWithout("com/example/testapp/Server.class", app, zip);
        }
        Result result = check("ready=" + APP + "Server#start,progress=" + APP + "WorkLoop#tick", fat.toString());
        assertEquals(0, result.status, result.toString());
        assertTrue(result.out.contains("ok: " + APP + "Server#start (ready) in " + fat + "!/BOOT-INF/classes/com/example/testapp/Server.class"),
                result.toString());
        assertTrue(result.out.contains("ok: " + APP + "WorkLoop#tick (progress) in " + fat
                + "!/BOOT-INF/lib/test-app-core.jar!/com/example/testapp/WorkLoop.class"), result.toString());

        Result typo = check("ready=" + APP + "Server#start,progress=" + APP + "WorkLoop#tik", fat.toString());
        assertEquals(78, typo.status, typo.toString());
        assertTrue(typo.err.contains("declares no method 'tik' (nearest: tick"), typo.toString());
    }

    @Test
    void aReadyMethodThatWaitsForEverIsFlagged() throws Exception {
        Result result = check("ready=" + APP + "TestApp#main", AgentProcess.TEST_APP_JAR.toString());
        assertEquals(3, result.status, result.toString());
        assertTrue(result.err.contains("warning: the ready method " + APP + "TestApp#main may never return"), result.toString());
        assertTrue(result.err.contains("calls java.lang.Thread#join"), result.toString());
        assertTrue(result.err.contains("has no return instruction"), result.toString());
    }

    @Test
    void listenNeedsNoClassAndAnUnreadableEntryIsNamed() throws Exception {
        Result listen = check("ready=listen:8080,progress=" + APP + "WorkLoop#tick", AgentProcess.TEST_APP_JAR.toString());
        assertEquals(0, listen.status, listen.toString());
        Result missing = check("ready=listen:8080", dir.resolve("nothing.jar").toString());
        assertEquals(66, missing.status, missing.toString());
        assertTrue(missing.err.contains("nothing.jar' does not exist"), missing.toString());
    }

    @Test
    void helpShowsTheClasspathCheckAndListen() throws Exception {
        Process process = new ProcessBuilder(AgentProcess.JAVA, "-jar", AgentProcess.AGENT_JAR.toString(), "--help")
                .redirectErrorStream(true).start();
        String help = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "--help did not end");
        assertEquals(0, process.exitValue(), help);
        assertTrue(help.contains("check '<options>' --classpath <jars and dirs separated by ':', dir/* for all jars in dir>"), help);
        assertTrue(help.contains("3 a warning (the ready method may never return, a progress method is a loop)"), help);
        assertTrue(help.contains("listen:<port>[+<port>]"), help);
    }

    /** Writes, as the current zip entry, a jar of test-app's classes without one of them. */
    private static void nestedJarWithout(String left, ZipFile app, OutputStream target) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream nested = new ZipOutputStream(bytes)) {
            for (ZipEntry entry : Collections.list(app.entries())) {
                if (entry.getName().endsWith(".class") && !entry.getName().equals(left)) {
                    nested.putNextEntry(new ZipEntry(entry.getName()));
                    try (InputStream in = app.getInputStream(entry)) {
                        in.transferTo(nested);
                    }
                }
            }
        }
        target.write(bytes.toByteArray());
    }

    private static Result check(String options, String classPath) throws Exception {
        Process process = new ProcessBuilder(AgentProcess.JAVA, "-jar", AgentProcess.AGENT_JAR.toString(), "check", options,
                "--classpath", classPath).start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> {
            try {
                process.getErrorStream().transferTo(err);
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        pump.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "check did not end");
        pump.join();
        return new Result(process.exitValue(), out, err.toString(StandardCharsets.UTF_8));
    }
}
