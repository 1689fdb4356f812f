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
        assertTrue(KnownServers.in(samples).isEmpty(), SuggestReport.knownServers(KnownServers.in(samples), 1));
        assertEquals(List.of("GlassFish runs org.apache.catalina.* classes inside, but preset=tomcat is not for it: its web "
                + "container is Catalina's code under Tomcat's package names, started its own way"), KnownServers.embeddingNotes(samples));
        assertEquals(1, KnownServers.in(List.of(DumpedThread.parse(MAIN))).size(), "a plain Tomcat still is one");
    }

    @Test
    void noPresetClassNoMatch() {
        assertTrue(KnownServers.in(List.of(DumpedThread.parse(SuggestionsTest.DUMP))).isEmpty());
    }
}
