package io.github.sdwatchdog.suggest;

import io.github.sdwatchdog.config.Preset;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnownServersTest {
    static final String MAIN = "\"main\" #1 prio=5 os_prio=0 tid=0x1 nid=1 runnable  [0x1]\n"
            + "   java.lang.Thread.State: RUNNABLE\n"
            + "\tat sun.nio.ch.Net.accept(java.base@17/Native Method)\n"
            + "\tat java.net.ServerSocket.accept(java.base@17/ServerSocket.java:533)\n"
            + "\tat org.apache.catalina.core.StandardServer.await(StandardServer.java:563)\n"
            + "\tat org.apache.catalina.startup.Catalina.await(Catalina.java:851)\n"
            + "\tat org.apache.catalina.startup.Catalina.start(Catalina.java:799)\n\n";

    static String exec(int n) {
        return "\"http-nio-8080-exec-" + n + "\" #3" + n + " daemon prio=5 tid=0x2 nid=2 waiting on condition  [0x2]\n"
                + "   java.lang.Thread.State: WAITING (parking)\n"
                + "\tat java.util.concurrent.CountDownLatch.await(java.base@17/CountDownLatch.java:230)\n"
                + "\tat org.apache.jsp.hang_jsp._jspService(hang_jsp.java:120)\n"
                + "\tat org.apache.catalina.connector.CoyoteAdapter.service(CoyoteAdapter.java:341)\n"
                + "\tat org.apache.coyote.http11.Http11Processor.service(Http11Processor.java:397)\n"
                + "\tat java.lang.Thread.run(java.base@17/Thread.java:840)\n\n";
    }

    @Test
    void aPresetsClassOnAStackNamesThePresetAndCountsItsRunningMethods() {
        List<DumpedThread> busy = DumpedThread.parse(MAIN + exec(1) + exec(2));
        List<DumpedThread> idle = DumpedThread.parse(MAIN);
        List<KnownServers.Match> known = KnownServers.in(List.of(busy, idle, busy));
        assertEquals(1, known.size());
        assertEquals(Preset.TOMCAT, known.get(0).preset);
        List<KnownServers.Method> seen = known.get(0).seen();
        assertEquals(1, seen.size());
        assertEquals("progress=org.apache.catalina.connector.CoyoteAdapter#service", seen.get(0).option);
        assertEquals(Set.of(0, 2), seen.get(0).samples);
        assertEquals(Set.of("http-nio-8080-exec-1", "http-nio-8080-exec-2"), seen.get(0).threads);
        String text = SuggestReport.knownServers(known, 3);
        assertTrue(text.contains("  preset=tomcat  expands to " + Preset.TOMCAT.expansion() + "\n"
                + "    2/3 dumps, 2 threads  progress=org.apache.catalina.connector.CoyoteAdapter#service\n"), text);
    }

    @Test
    void anIdleServerIsRecognisedByItsClassesAlone() {
        List<KnownServers.Match> known = KnownServers.in(List.of(DumpedThread.parse(MAIN)));
        assertEquals(1, known.size());
        assertTrue(known.get(0).seen().isEmpty());
        assertTrue(SuggestReport.knownServers(known, 1).contains("its classes are on the stacks (org.apache.catalina.core.StandardServer, "
                + "org.apache.catalina.startup.Catalina), "
                + "none of its methods was running"), SuggestReport.knownServers(known, 1));
    }

    @Test
    void aLibraryClassAPresetNamesDoesNotMatchAnotherServer() {
        String nettyRead = "\"Thread-2 (activemq-netty-threads)\" #40 daemon prio=5 tid=0x3 nid=3 runnable  [0x3]\n"
                + "   java.lang.Thread.State: RUNNABLE\n"
                + "\tat org.apache.activemq.artemis.core.remoting.impl.netty.ActiveMQChannelHandler.channelRead(ActiveMQChannelHandler.java:73)\n"
                + "\tat io.netty.channel.DefaultChannelPipeline.fireChannelRead(DefaultChannelPipeline.java:1357)\n"
                + "\tat io.netty.channel.nio.NioEventLoop.run(NioEventLoop.java:569)\n\n";
        List<KnownServers.Match> known = KnownServers.in(List.of(DumpedThread.parse(nettyRead)));
        assertEquals(1, known.size(), SuggestReport.knownServers(known, 1));
        assertEquals(Preset.ARTEMIS, known.get(0).preset);
    }

    @Test
    void springBootsEmbeddedTomcatIsNotTheTomcatPreset() {
        String awaitThread = "\"container-0\" #30 prio=5 tid=0x4 nid=4 waiting on condition  [0x4]\n"
                + "   java.lang.Thread.State: TIMED_WAITING (sleeping)\n"
                + "\tat java.lang.Thread.sleep(java.base@17/Native Method)\n"
                + "\tat org.apache.catalina.core.StandardServer.await(StandardServer.java:564)\n"
                + "\tat org.springframework.boot.web.embedded.tomcat.TomcatWebServer$1.run(TomcatWebServer.java:221)\n\n";
        assertTrue(KnownServers.in(List.of(DumpedThread.parse(awaitThread))).isEmpty(),
                "an idle Spring Boot app is no known server yet");
    }

    static final String GLASSFISH_IDLE = "\"ContainerBackgroundProcessor[StandardEngine[glassfish-web]]\" #62 daemon prio=5 tid=0x5 nid=5 waiting on condition  [0x5]\n"
            + "   java.lang.Thread.State: TIMED_WAITING (sleeping)\n"
            + "\tat java.lang.Thread.sleep(java.base@17/Native Method)\n"
            + "\tat org.apache.catalina.core.ContainerBase$ContainerBackgroundProcessor.run(ContainerBase.java:1735)\n"
            + "\tat java.lang.Thread.run(java.base@17/Thread.java:840)\n\n"
            + "\"GlassFish Kernel Main Thread\" #76 prio=5 tid=0x6 nid=6 in Object.wait()  [0x6]\n"
            + "   java.lang.Thread.State: WAITING (on object monitor)\n"
            + "\tat java.lang.Object.wait(java.base@17/Native Method)\n"
            + "\tat com.sun.enterprise.v3.server.AppServerStartup$1.run(AppServerStartup.java:227)\n\n";

    static final String GLASSFISH_REQUEST = "\"http-listener-1(1)\" #90 daemon prio=5 tid=0x7 nid=7 waiting on condition  [0x7]\n"
            + "   java.lang.Thread.State: WAITING (parking)\n"
            + "\tat java.util.concurrent.CountDownLatch.await(java.base@17/CountDownLatch.java:230)\n"
            + "\tat io.github.sdwatchdog.servers.jetty.HangServlet.doGet(HangServlet.java:21)\n"
            + "\tat org.apache.catalina.core.StandardWrapper.service(StandardWrapper.java:1368)\n"
            + "\tat com.sun.enterprise.web.WebPipeline.invoke(WebPipeline.java:71)\n"
            + "\tat org.apache.catalina.connector.CoyoteAdapter.service(CoyoteAdapter.java:186)\n"
            + "\tat com.sun.enterprise.v3.services.impl.ContainerMapper.service(ContainerMapper.java:143)\n"
            + "\tat org.glassfish.grizzly.threadpool.AbstractThreadPool$Worker.doWork(AbstractThreadPool.java:535)\n"
            + "\tat java.lang.Thread.run(java.base@17/Thread.java:840)\n\n";

    @Test
    void glassFishIsRecognisedAsGlassFishNotAsTheTomcatItEmbeds() {
        List<KnownServers.Match> idle = KnownServers.in(List.of(DumpedThread.parse(GLASSFISH_IDLE)));
        assertEquals(List.of(Preset.GLASSFISH), presets(idle));
        List<KnownServers.Match> busy = KnownServers.in(List.of(DumpedThread.parse(GLASSFISH_IDLE + GLASSFISH_REQUEST)));
        assertEquals(List.of(Preset.GLASSFISH), presets(busy));
        assertEquals("progress=org.apache.catalina.connector.CoyoteAdapter#service", busy.get(0).seen().get(0).option);
    }

    @Test
    void wildFlyIsRecognisedByItsUndertowSubsystemOnARequestsStack() {
        String request = "\"default task-1\" #130 prio=5 tid=0x8 nid=8 waiting on condition  [0x8]\n"
                + "   java.lang.Thread.State: WAITING (parking)\n"
                + "\tat java.util.concurrent.CountDownLatch.await(java.base@17/CountDownLatch.java:230)\n"
                + "\tat io.github.sdwatchdog.servers.jetty.HangServlet.doGet(HangServlet.java:21)\n"
                + "\tat org.wildfly.extension.undertow.deployment.SuspendedServerHandlerWrapper$1$1.handleRequest(SuspendedServerHandlerWrapper.java:50)\n"
                + "\tat io.undertow.servlet.handlers.ServletInitialHandler$1.handleRequest(ServletInitialHandler.java:101)\n"
                + "\tat io.undertow.server.Connectors.executeRootHandler(Connectors.java:395)\n"
                + "\tat io.undertow.server.HttpServerExchange$1.run(HttpServerExchange.java:859)\n"
                + "\tat org.jboss.threads.EnhancedQueueExecutor.runThreadBody(EnhancedQueueExecutor.java:1622)\n"
                + "\tat java.lang.Thread.run(java.base@17/Thread.java:840)\n\n";
        List<KnownServers.Match> known = KnownServers.in(List.of(DumpedThread.parse(request)));
        assertEquals(List.of(Preset.WILDFLY), presets(known));
        assertEquals("progress=io.undertow.server.Connectors#executeRootHandler", known.get(0).seen().get(0).option);
    }

    @Test
    void keycloakIsRecognisedByItsOwnClassesNotByTheLibrariesItShares() {
        String main = "\"main\" #1 prio=5 tid=0x9 nid=9 waiting on condition  [0x9]\n"
                + "   java.lang.Thread.State: WAITING (parking)\n"
                + "\tat io.quarkus.runtime.ApplicationLifecycleManager.waitForExit(ApplicationLifecycleManager.java:409)\n"
                + "\tat org.keycloak.quarkus.runtime.KeycloakMain.run(KeycloakMain.java:169)\n\n";
        String request = "\"executor-thread-1\" #60 daemon prio=5 tid=0xa nid=10 waiting on condition  [0xa]\n"
                + "   java.lang.Thread.State: WAITING (parking)\n"
                + "\tat io.github.sdwatchdog.servers.keycloak.HangResource.hang(HangResource.java:36)\n"
                + "\tat org.jboss.resteasy.reactive.server.handlers.InvocationHandler.handle(InvocationHandler.java:29)\n"
                + "\tat org.jboss.threads.EnhancedQueueExecutor$ThreadBody.run(EnhancedQueueExecutor.java:1586)\n"
                + "\tat io.netty.util.concurrent.FastThreadLocalRunnable.run(FastThreadLocalRunnable.java:30)\n"
                + "\tat java.lang.Thread.run(java.base@17/Thread.java:840)\n\n";
        List<KnownServers.Match> known = KnownServers.in(List.of(DumpedThread.parse(main + request)));
        assertEquals(List.of(Preset.KEYCLOAK), presets(known));
        assertEquals("progress=org.jboss.resteasy.reactive.server.handlers.InvocationHandler#handle",
                known.get(0).seen().get(0).option);
    }

    private static List<Preset> presets(List<KnownServers.Match> known) {
        List<Preset> presets = new java.util.ArrayList<>();
        for (KnownServers.Match match : known) {
            presets.add(match.preset);
        }
        return presets;
    }

    @Test
    void glassfishIsNotTomcatThoughItRunsCatalinasClasses() {
        String glassfish = "\"main\" #1 prio=5 tid=0x1 nid=1 waiting on condition  [0x1]\n"
                + "   java.lang.Thread.State: WAITING (parking)\n"
                + "\tat jdk.internal.misc.Unsafe.park(java.base@17/Native Method)\n"
                + "\tat java.util.concurrent.CountDownLatch.await(java.base@17/CountDownLatch.java:230)\n"
                + "\tat com.sun.enterprise.glassfish.bootstrap.embedded.EmbeddedGlassFishRuntime.run(X.java:1)\n"
                + "\tat com.sun.enterprise.glassfish.bootstrap.ASMain.main(ASMain.java:55)\n\n"
                + "\"ContainerBackgroundProcessor[StandardEngine[com.sun.appserv]]\" #40 daemon prio=5 tid=0x2 nid=2 sleeping\n"
                + "   java.lang.Thread.State: TIMED_WAITING (sleeping)\n"
                + "\tat java.lang.Thread.sleep(java.base@17/Native Method)\n"
                + "\tat org.apache.catalina.core.ContainerBase$ContainerBackgroundProcessor.run(ContainerBase.java:1450)\n"
                + "\tat java.lang.Thread.run(java.base@17/Thread.java:840)\n\n";
        List<List<DumpedThread>> samples = List.of(DumpedThread.parse(glassfish));
        List<KnownServers.Match> matches = KnownServers.in(samples);
        assertEquals(1, matches.size(), SuggestReport.knownServers(matches, 1));
        assertEquals(Preset.GLASSFISH, matches.get(0).preset, "GlassFish's own preset, not Tomcat's");
        assertEquals(List.of("GlassFish runs org.apache.catalina.* classes inside, but preset=tomcat is not for it: its web "
                + "container is Catalina's code under Tomcat's package names, started its own way"), KnownServers.embeddingNotes(samples));
        assertEquals(1, KnownServers.in(List.of(DumpedThread.parse(MAIN))).size(), "a plain Tomcat still is one");
    }

    @Test
    void noPresetClassNoMatch() {
        assertTrue(KnownServers.in(List.of(DumpedThread.parse(SuggestionsTest.DUMP))).isEmpty());
    }
}
