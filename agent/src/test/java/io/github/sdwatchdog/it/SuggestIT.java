package io.github.sdwatchdog.it;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code java -jar sd-watchdog-agent.jar suggest <pid>} against test-app. */
class SuggestIT {
    static final Duration GENEROUS = Duration.ofSeconds(60);
    static final String APP = "com.example.testapp.";

    private static AgentProcess suggest(long pid, String... more) throws Exception {
        String[] command = new String[4 + more.length];
        command[0] = "-jar";
        command[1] = AgentProcess.AGENT_JAR.toString();
        command[2] = "suggest";
        command[3] = Long.toString(pid);
        System.arraycopy(more, 0, command, 4, more.length);
        return AgentProcess.builder().main(command).start();
    }

    @Test
    void proposesThePoolsPerJobMethodAndSaysWhereMainWaits() throws Exception {
        try (AgentProcess app = AgentProcess.builder().appArgs("--pool=3", "--startup=0ms").start()) {
            app.awaitStdout("startup-returns", GENEROUS);
            try (AgentProcess suggest = suggest(app.pid())) {
                assertEquals(0, suggest.awaitExit(GENEROUS), suggest.stderrText());
                suggest.awaitStdout("Check a choice", GENEROUS);
                String out = suggest.stdoutText();
                System.out.println(out);
                assertTrue(out.matches("(?s).*\n  high    \\d/5 dumps, [23] threads  progress=" + APP.replace(".", "\\.")
                        + "JobPool\\$Job#run   \\(a task of the JDK's ThreadPoolExecutor or ForkJoinPool on job-.*"), out);
                assertTrue(out.contains("5/5  " + APP + "TestApp.main, WAITING in Thread.join"), out);
                assertTrue(out.contains("Listening ports (for ready=listen:<port>):\n  none"), out);
                assertTrue(app.isAlive(), "the target runs on");
            }
        }
    }

    @Test
    void namesTheListeningPortAndTheAcceptItsReadyMethodNeverLeaves() throws Exception {
        try (AgentProcess app = AgentProcess.builder().appArgs("--ready-blocks=accept").start()) {
            String port = app.awaitStdout("accepting port=", GENEROUS).text.replaceAll(".*port=(\\d+).*", "$1");
            try (AgentProcess suggest = suggest(app.pid(), "--samples=3", "--interval-ms=300")) {
                assertEquals(0, suggest.awaitExit(GENEROUS), suggest.stderrText());
                suggest.awaitStdout("Check a choice", GENEROUS);
                String out = suggest.stdoutText();
                assertTrue(out.contains("  127.0.0.1:" + port + "\n"), out);
                assertTrue(out.contains("3/3  " + APP + "StartupModes.blockForever <- " + APP + "Server.start <- "
                        + APP + "TestApp.main, RUNNABLE in ServerSocket.accept"), out);
            }
        }
    }

    @Test
    void aJvmThatExitsWhileSampledIsSaidToHaveExitedAndItsDumpsAreKept() throws Exception {
        try (AgentProcess app = AgentProcess.builder().appArgs("--pool=3", "--startup=0ms", "--fault=exit", "--fault-after=6s").start()) {
            app.awaitStdout("startup-returns", GENEROUS);
            try (AgentProcess suggest = suggest(app.pid(), "--samples=60", "--interval-ms=100")) {
                assertEquals(0, suggest.awaitExit(GENEROUS), suggest.stderrText());
                String out = suggest.stdoutText();
                assertTrue(out.matches("(?s).*\nSampling ended early: the JVM exited [0-9.]+ s into the sampling, after \\d+ of 60 "
                        + "dumps; what those dumps showed follows\n.*"), out);
                assertTrue(out.contains("progress=" + APP + "JobPool$Job#run"), out);
                assertTrue(!suggest.stderrText().contains("attach"), suggest.stderrText());
            }
        }
    }

    @Test
    @Tag("slow") // 1,000 threads against a time bound: the CI tier runs it
    void aThousandThreadsAreSampledWithinTenSecondsAtLowCpu() throws Exception {
        try (AgentProcess app = AgentProcess.builder().appArgs("--pool=3", "--startup=0ms", "--idle-threads=1000").start()) {
            app.awaitStdout("startup-returns", GENEROUS);
            app.awaitStdout("ticks=50", GENEROUS); // the idle threads are up by now
            long began = System.nanoTime();
            try (AgentProcess suggest = suggest(app.pid())) {
                assertEquals(0, suggest.awaitExit(GENEROUS), suggest.stderrText());
                double seconds = (System.nanoTime() - began) / 1e9;
                String header = suggest.awaitStdout("sd-watchdog suggest:", GENEROUS).text;
                System.out.println(String.format("suggest, 1,000 idle threads: %.1f s wall; %s", seconds, header));
                assertTrue(header.matches(".*\\(10\\d\\d threads in the last.*"), header);
                assertTrue(seconds < 30, "took " + seconds + " s"); // 10 s is the target; a busy machine may take longer
            }
        }
    }
}
