package io.github.sdwatchdog.servers.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code check 'preset=zookeeper' --classpath <ZooKeeper's lib jars>} confirms each method of the preset. */
class ZooKeeperPresetCheckTest {

    private static String classpath() throws IOException {
        Path lib = Paths.get(System.getProperty("zookeeper.lib"));
        try (Stream<Path> jars = Files.list(lib)) {
            String cp = jars.filter(p -> p.toString().endsWith(".jar")).sorted().map(Path::toString)
                    .collect(Collectors.joining(":"));
            assertTrue(cp.contains("zookeeper-3."), "no zookeeper jar in " + lib);
            return cp;
        }
    }

    private static final class Run {
        final int exit;
        final String output;

        Run(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }
    }

    private static Run check(String options) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(System.getProperty("sdwatchdog.agent.jar"));
        command.add("check");
        command.add(options);
        command.add("--classpath");
        command.add(classpath());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "check did not end");
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void presetMethodsExistInZooKeeper() throws Exception {
        Run run = check("preset=zookeeper");
        assertEquals(0, run.exit, run.output);
        assertTrue(run.output.contains("preset=zookeeper expands to"), run.output);
        assertTrue(run.output.contains("ok: org.apache.zookeeper.server.ZooKeeperServerMain#serverStarted (ready)"), run.output);
        assertTrue(run.output.contains("ok: org.apache.zookeeper.server.FinalRequestProcessor#processRequest (progress)"), run.output);
        assertTrue(run.output.contains("ok: org.apache.zookeeper.server.ZKDatabase#append (progress)"), run.output);
        assertTrue(run.output.contains("ok: org.apache.zookeeper.server.ZKDatabase#commit (progress)"), run.output);
    }

    @Test
    void misspeltProgressMethodIsRefusedWithTheNearestName() throws Exception {
        Run run = check("preset=zookeeper,progress=org.apache.zookeeper.server.FinalRequestProcessor#procesRequest");
        assertEquals(78, run.exit, run.output);
        assertTrue(run.output.contains("declares no method 'procesRequest' (nearest: processRequest"), run.output);
    }
}
