package io.github.sdwatchdog.suggest;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuggestionsTest {
    // JDK 21+ writes "#1 [1234]" after the name; JDK 17 writes "#1 prio=5".
    static final String DUMP = "2026-11-24 22:00:00\nFull thread dump OpenJDK 64-Bit Server VM:\n\n"
            + "\"main\" #1 [4711] prio=5 os_prio=0 cpu=100ms elapsed=5s tid=0x1 nid=4711 in Object.wait()  [0x1]\n"
            + "   java.lang.Thread.State: WAITING (on object monitor)\n"
            + "\tat java.lang.Object.wait0(java.base@25/Native Method)\n"
            + "\tat java.lang.Object.wait(java.base@25/Object.java:389)\n"
            + "\tat java.lang.Thread.join(java.base@25/Thread.java:2000)\n"
            + "\tat com.acme.Main.main(Main.java:10)\n\n"
            + "\"http-1\" #20 prio=5 os_prio=0 tid=0x2 nid=12 waiting on condition  [0x2]\n"
            + "   java.lang.Thread.State: TIMED_WAITING (parking)\n"
            + "\tat jdk.internal.misc.Unsafe.park(java.base@17/Native Method)\n"
            + "\t- parking to wait for  <0x1> (a java.util.concurrent.CountDownLatch$Sync)\n"
            + "\tat com.acme.Db.query(Db.java:5)\n"
            + "\tat com.acme.Handler.handle(Handler.java:7)\n"
            + "\tat com.acme.Handler$$Lambda/0x0000000800c0b0.run(Unknown Source)\n"
            + "\tat java.util.concurrent.ThreadPoolExecutor.runWorker(java.base@17/ThreadPoolExecutor.java:1136)\n"
            + "\tat java.util.concurrent.ThreadPoolExecutor$Worker.run(java.base@17/ThreadPoolExecutor.java:635)\n"
            + "\tat java.lang.Thread.run(java.base@17/Thread.java:840)\n\n"
            + "\"http-2\" #21 prio=5 os_prio=0 tid=0x2 nid=13 waiting on condition  [0x2]\n"
            + "   java.lang.Thread.State: WAITING (parking)\n"
            + "\tat jdk.internal.misc.Unsafe.park(java.base@17/Native Method)\n"
            + "\tat java.util.concurrent.LinkedBlockingQueue.take(java.base@17/LinkedBlockingQueue.java:435)\n"
            + "\tat java.util.concurrent.ThreadPoolExecutor.getTask(java.base@17/ThreadPoolExecutor.java:1062)\n"
            + "\tat java.util.concurrent.ThreadPoolExecutor.runWorker(java.base@17/ThreadPoolExecutor.java:1122)\n"
            + "\tat java.lang.Thread.run(java.base@17/Thread.java:840)\n\n"
            + "\"loop\" #22 prio=5 os_prio=0 tid=0x2 nid=14 runnable  [0x2]\n"
            + "   java.lang.Thread.State: RUNNABLE\n"
            + "\tat com.acme.Batch.process(Batch.java:3)\n"
            + "\tat com.acme.Loop.run(Loop.java:9)\n"
            + "\tat java.lang.Thread.run(java.base@17/Thread.java:840)\n\n"
            + "\"sd-watchdog\" #9 daemon prio=5 tid=0x3 nid=15 runnable\n"
            + "   java.lang.Thread.State: RUNNABLE\n"
            + "\tat io.github.sdwatchdog.x.Y.z(Y.java:1)\n"
            + "\tat java.lang.Thread.run(java.base@17/Thread.java:840)\n";

    /** A thread of a dump; frames innermost first, as a dump lists them. */
    static String thread(String name, String state, String... frames) {
        StringBuilder text = new StringBuilder("\"" + name + "\" #" + Math.abs(name.hashCode() % 1000) + " prio=5 tid=0x1 nid=1\n"
                + "   java.lang.Thread.State: " + state + "\n");
        for (String frame : frames) {
            text.append("\tat ").append(frame).append("(X.java:1)\n");
        }
        return text.append('\n').toString();
    }

    static final String[] EQE_IDLE = {"jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.LockSupport.parkNanos",
        "org.jboss.threads.EnhancedQueueExecutor$PoolThreadNode.park", "org.jboss.threads.EnhancedQueueExecutor.runThreadBody",
        "org.jboss.threads.EnhancedQueueExecutor$ThreadBody.run", "org.jboss.threads.DelegatingRunnable.run",
        "org.jboss.threads.ThreadLocalResettingRunnable.run", "io.netty.util.concurrent.FastThreadLocalRunnable.run",
        "java.lang.Thread.run"};

    static String[] busy(String[] idlePool, String... request) {
        List<String> frames = new ArrayList<>(List.of(request));
        frames.addAll(List.of(idlePool).subList(3, idlePool.length));
        return frames.toArray(new String[0]);
    }

    @Test
    void parsesNamesIdsStatesAndFrames() {
        List<DumpedThread> threads = DumpedThread.parse(DUMP);
        assertEquals(5, threads.size());
        assertEquals("main", threads.get(0).name);
        assertEquals("#1", threads.get(0).id);
        assertEquals("WAITING (on object monitor)", threads.get(0).state);
        assertEquals("com.acme.Main.main", threads.get(0).frames.get(3));
        assertEquals("com.acme.Main.main(Main.java:10)", threads.get(0).sites.get(3));
        assertEquals("http-1", threads.get(1).name);
        assertEquals("#20", threads.get(1).id);
    }

    @Test
    void proposesThePoolsTaskSurelyAndAPlainLoopsWorkLessSurely() {
        List<DumpedThread> dump = DumpedThread.parse(DUMP);
        Suggestions found = new Suggestions(List.of(dump, dump));
        List<Suggestions.Candidate> work = found.work();
        assertEquals(2, work.size(), work.toString());
        assertEquals("progress=com.acme.Handler#handle", work.get(0).option());
        assertEquals(Suggestions.Confidence.HIGH, work.get(0).confidence());
        assertEquals("a task of the JDK's ThreadPoolExecutor or ForkJoinPool", work.get(0).where());
        assertEquals(Set.of("http-1"), work.get(0).threads);
        assertEquals("progress=com.acme.Batch#process", work.get(1).option());
        assertEquals(Suggestions.Confidence.MEDIUM, work.get(1).confidence());
        assertEquals("called by the loop of com.acme.Loop.run", work.get(1).where());
        assertEquals(2, found.mainPlaces().get("com.acme.Main.main, WAITING in Thread.join"), found.mainPlaces().toString());
    }

    @Test
    void aPlainLoopsWorkSeenOnceIsNoPatternButAPoolsTaskIs() {
        Suggestions found = new Suggestions(List.of(DumpedThread.parse(DUMP), List.of()));
        assertEquals(1, found.work().size());
        assertEquals("progress=com.acme.Handler#handle", found.work().get(0).option());
        assertEquals(Suggestions.Confidence.MEDIUM, found.work().get(0).confidence());
    }

    @Test
    void keycloakAndWildflyRequestsAreNamedAboveJbossThreadsAndNoLoopIs() {
        String dump = thread("executor-thread-1", "WAITING (parking)", EQE_IDLE)
                + thread("executor-thread-2", "RUNNABLE", busy(EQE_IDLE, "com.acme.Db.query",
                "org.jboss.resteasy.reactive.server.handlers.InvocationHandler.handle",
                "org.jboss.resteasy.reactive.common.core.AbstractResteasyReactiveContext.run",
                "io.quarkus.vertx.core.runtime.VertxCoreRecorder$14.runWith", "org.jboss.threads.ContextHandler$1.runWith",
                "org.jboss.threads.EnhancedQueueExecutor$Task.run"))
                + thread("default task-1", "RUNNABLE", busy(EQE_IDLE, "com.acme.Servlet.doGet",
                "io.undertow.servlet.handlers.ServletInitialHandler.handleRequest", "io.undertow.server.Connectors.executeRootHandler",
                "io.undertow.server.HttpServerExchange$1.run", "org.jboss.threads.ContextClassLoaderSavingRunnable.run",
                "org.jboss.threads.EnhancedQueueExecutor.safeRun"))
                + thread("vert.x-eventloop-thread-0", "RUNNABLE", "sun.nio.ch.EPoll.wait", "sun.nio.ch.EPollSelectorImpl.doSelect",
                "sun.nio.ch.SelectorImpl.lockAndDoSelect", "sun.nio.ch.SelectorImpl.select",
                "io.netty.channel.nio.SelectedSelectionKeySetSelector.select", "io.netty.channel.nio.NioEventLoop.select",
                "io.netty.channel.nio.NioEventLoop.run", "io.netty.util.concurrent.SingleThreadEventExecutor$4.run",
                "io.netty.util.internal.ThreadExecutorMap$2.run", "io.netty.util.concurrent.FastThreadLocalRunnable.run",
                "java.lang.Thread.run");
        List<DumpedThread> sample = DumpedThread.parse(dump);
        Suggestions found = new Suggestions(List.of(sample, sample, sample));
        List<String> options = new ArrayList<>();
        for (Suggestions.Candidate candidate : found.work()) {
            options.add(candidate.option());
        }
        assertEquals(List.of("progress=io.undertow.server.Connectors#executeRootHandler",
                "progress=org.jboss.resteasy.reactive.common.core.AbstractResteasyReactiveContext#run"), sorted(options));
        assertEquals(Set.of("JBoss Threads' EnhancedQueueExecutor", "Netty's event executors"), found.idleThreads().keySet());
    }

    @Test
    void whenEveryThreadWaitsForWorkItAsksForTraffic() {
        String dump = thread("executor-thread-1", "WAITING (parking)", EQE_IDLE)
                + thread("grizzly-kernel(1)", "RUNNABLE", "sun.nio.ch.EPoll.wait", "sun.nio.ch.EPollSelectorImpl.doSelect",
                "sun.nio.ch.SelectorImpl.select", "org.glassfish.grizzly.nio.DefaultSelectorHandler.select",
                "org.glassfish.grizzly.nio.SelectorRunner.doSelect", "org.glassfish.grizzly.nio.SelectorRunner.run",
                "org.glassfish.grizzly.threadpool.AbstractThreadPool$Worker.doWork",
                "org.glassfish.grizzly.threadpool.AbstractThreadPool$Worker.run", "java.lang.Thread.run")
                + thread("http-nio-8080-Acceptor", "RUNNABLE", "sun.nio.ch.Net.accept", "sun.nio.ch.ServerSocketChannelImpl.accept",
                "org.apache.tomcat.util.net.NioEndpoint.serverSocketAccept", "org.apache.tomcat.util.net.Acceptor.run",
                "java.lang.Thread.run")
                + thread("consumer", "WAITING (parking)", "jdk.internal.misc.Unsafe.park",
                "java.util.concurrent.LinkedBlockingQueue.take", "com.acme.Pool.nextTask", "com.acme.Pool$Worker.run",
                "java.lang.Thread.run");
        List<DumpedThread> sample = DumpedThread.parse(dump);
        Suggestions found = new Suggestions(List.of(sample, sample));
        assertTrue(found.work().isEmpty(), found.work().toString());
        String text = SuggestReport.perRequest(found);
        assertTrue(text.contains("  none: no thread ran a request while sampled, 4 waited for work (JBoss Threads' "
                + "EnhancedQueueExecutor: 1 thread; Grizzly's thread pool: 1 thread; Tomcat's thread pool: 1 thread; "
                + "com.acme.Pool$Worker.run: 1 thread).\n  Send requests to the service while it is sampled"), text);
    }

    @Test
    void aMethodAnyThreadWaitsForWorkInIsNeverProposed() {
        String waiting = thread("worker-1", "WAITING (parking)", "jdk.internal.misc.Unsafe.park",
                "java.util.concurrent.LinkedBlockingQueue.take", "com.acme.Pool.nextTask", "com.acme.Pool$Worker.run",
                "java.lang.Thread.run");
        String nextTaskRuns = thread("worker-2", "RUNNABLE", "com.acme.Pool.nextTask", "com.acme.Pool$Worker.run",
                "java.lang.Thread.run");
        String working = thread("worker-3", "RUNNABLE", "com.acme.Handler.handle", "com.acme.Pool$Worker.run",
                "java.lang.Thread.run");
        List<DumpedThread> sample = DumpedThread.parse(nextTaskRuns + working + waiting);
        Suggestions found = new Suggestions(List.of(sample, sample));
        assertEquals(1, found.work().size(), "Pool.nextTask is where idle workers wait");
        assertEquals("progress=com.acme.Handler#handle", found.work().get(0).option());
    }

    @Test
    void glassfishsRequestIsNamedAboveGrizzlyAndItsOwnClassesAreNotTheJdks() {
        String dump = thread("http-listener-1(3)", "RUNNABLE", "com.acme.Servlet.doGet",
                "org.apache.catalina.connector.CoyoteAdapter.service", "com.sun.enterprise.v3.services.impl.ContainerMapper.service",
                "org.glassfish.grizzly.http.server.HttpHandler.doHandle", "org.glassfish.grizzly.http.server.HttpServerFilter.handleRead",
                "org.glassfish.grizzly.filterchain.DefaultFilterChain.execute",
                "org.glassfish.grizzly.strategies.WorkerThreadIOStrategy$WorkerThreadRunnable.run",
                "org.glassfish.grizzly.threadpool.AbstractThreadPool$Worker.doWork",
                "org.glassfish.grizzly.threadpool.AbstractThreadPool$Worker.run", "java.lang.Thread.run");
        List<DumpedThread> sample = DumpedThread.parse(dump);
        Suggestions found = new Suggestions(List.of(sample, sample));
        assertEquals("progress=com.sun.enterprise.v3.services.impl.ContainerMapper#service", found.work().get(0).option());
    }

    private static List<String> sorted(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        copy.sort(null);
        return copy;
    }
}
