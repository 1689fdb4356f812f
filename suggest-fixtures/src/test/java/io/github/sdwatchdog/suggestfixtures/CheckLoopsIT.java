package io.github.sdwatchdog.suggestfixtures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * check --classpath against the real pool libraries and Quarkus's core jar: the loops idle threads wait in are
 * warned about (with the per-request method where one is known and on the class path), per-request methods and
 * a ready method with a normal return path are not; java's own lib/* wildcard reads them.
 */
class CheckLoopsIT {
    static final Path LIB = Paths.get(System.getProperty("fixture.lib", "target/lib"));
    static final String ALL = LIB + "/*";

    private static String check(String options, String classPath, int expectedExit) throws Exception {
        try (Jvm check = Jvm.agent("check", options, "--classpath", classPath)) {
            int exit = check.exit(Jvm.GENEROUS);
            assertEquals(expectedExit, exit, check.output());
            return check.output();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "org.jboss.threads.EnhancedQueueExecutor#runThreadBody;",
        "org.jboss.threads.ThreadLocalResettingRunnable#run;",
        "io.netty.util.internal.ThreadExecutorMap$2#run;, here progress=io.netty.channel.DefaultChannelPipeline#fireChannelRead",
        "org.glassfish.grizzly.threadpool.AbstractThreadPool$Worker#doWork;, here progress=org.apache.catalina.connector.CoyoteAdapter#service",
        "org.eclipse.jetty.util.thread.QueuedThreadPool$Runner#run;",
        "org.apache.tomcat.util.threads.ThreadPoolExecutor#runWorker;, here progress=org.apache.catalina.connector.CoyoteAdapter#service"})
    void aPoolLoopAsProgressIsWarnedAboutNamingTheAlternative(String loop, String alternative) throws Exception {
        String out = check("ready=listen:8080,progress=" + loop, ALL, 3);
        assertTrue(out.contains("warning: option 'progress' names a loop that idle threads wait in: " + loop + " belongs to "), out);
        assertTrue(out.contains(alternative == null ? "which java -jar sd-watchdog-agent.jar suggest <pid> shows" : alternative), out);
        assertFalse(out.contains("the options will work"), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"io.netty.channel.DefaultChannelPipeline#fireChannelRead",
        "org.apache.catalina.connector.CoyoteAdapter#service", "org.eclipse.jetty.util.thread.QueuedThreadPool#execute"})
    void aPerRequestMethodIsNot(String method) throws Exception {
        String out = check("ready=listen:8080,progress=" + method, ALL, 0);
        assertTrue(out.contains("the options will work with this class path"), out);
    }

    @Test
    void quarkusApplicationStartReturnsAndIsNotWarnedAbout() throws Exception {
        String out = check("ready=io.quarkus.runtime.Application#start", LIB.resolve("quarkus-core-3.33.2.jar").toString(), 0);
        assertTrue(out.contains("ok: io.quarkus.runtime.Application#start (ready) in "), out);
        assertFalse(out.contains("may never return"), out);
    }

    @Test
    void javasWildcardReadsTheDirectorysJars() throws Exception {
        String jars;
        try (Stream<Path> files = Files.list(LIB)) {
            jars = files.map(Path::toString).filter(name -> name.endsWith(".jar")).sorted().collect(Collectors.joining(":"));
        }
        String named = check("ready=org.apache.catalina.core.StandardServer#startInternal", jars, 0);
        String wildcard = check("ready=org.apache.catalina.core.StandardServer#startInternal", ALL, 0);
        assertEquals(named, wildcard);
    }
}
