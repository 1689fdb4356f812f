package com.example.testapp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;

/**
 * What services do: start child processes with the environment they inherit. A child JVM running this
 * very service's startup (so an agent in it would run the ready method and exit), {@code jcmd} on this
 * JVM, and a shell through a {@code ProcessBuilder} whose environment is untouched (the C library's
 * environment) and one whose environment was touched (the JDK's copy). Every line they print is echoed.
 */
final class Children {
    static void spawn() throws Exception {
        String javaHome = System.getProperty("java.home");
        String jar = Paths.get(TestApp.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String show = "echo NOTIFY_SOCKET=${NOTIFY_SOCKET-unset} WATCHDOG_USEC=${WATCHDOG_USEC-unset} WATCHDOG_PID=${WATCHDOG_PID-unset}";
        run("env-untouched", new ProcessBuilder("sh", "-c", show));
        ProcessBuilder touched = new ProcessBuilder("sh", "-c", show);
        touched.environment().put("TEST_APP_CHILD", "1");
        run("env-touched", touched);
        ProcessBuilder childJvm = new ProcessBuilder(javaHome + "/bin/java", "-jar", jar, "--startup=0ms", "--tick=50ms",
                "--fault=exit", "--fault-after=500ms", "--exit-code=0");
        // The agent removes NOTIFY_SOCKET from what children inherit moments after the JVM starts; a test that needs
        // a child JVM that still has it (started before that) names the socket here.
        String inherited = System.getenv("TEST_APP_CHILD_NOTIFY_SOCKET");
        if (inherited != null) {
            childJvm.environment().put("NOTIFY_SOCKET", inherited);
        }
        run("child-jvm", childJvm);
        run("jcmd", new ProcessBuilder(javaHome + "/bin/jcmd", Long.toString(ProcessHandle.current().pid()), "VM.version"));
        TestApp.event("children-done");
    }

    private static void run(String name, ProcessBuilder builder) throws IOException, InterruptedException {
        builder.redirectErrorStream(true);
        Process process = builder.start();
        TestApp.event("child-started name=" + name + " pid=" + process.pid());
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println("child[" + name + "]: " + line);
            }
        }
        System.out.println("child[" + name + "] exited " + process.waitFor());
    }

    private Children() {
    }
}
