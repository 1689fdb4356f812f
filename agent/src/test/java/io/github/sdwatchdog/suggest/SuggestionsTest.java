package io.github.sdwatchdog.suggest;

import org.junit.jupiter.api.Test;

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

    @Test
    void parsesNamesStatesAndFrames() {
        List<DumpedThread> threads = DumpedThread.parse(DUMP);
        assertEquals(5, threads.size());
        assertEquals("main", threads.get(0).name);
        assertEquals("WAITING (on object monitor)", threads.get(0).state);
        assertEquals("com.acme.Main.main", threads.get(0).frames.get(3));
        assertEquals("http-1", threads.get(1).name);
    }

    @Test
    void proposesWhatRunsJustAboveAWorkerLoopAndSaysWhereMainWaits() {
        List<DumpedThread> dump = DumpedThread.parse(DUMP);
        Suggestions found = new Suggestions(List.of(dump, dump));
        List<Suggestions.Candidate> work = found.work();
        assertEquals(2, work.size(), work.toString());
        assertEquals("progress=com.acme.Handler#handle", work.get(0).option());
        assertEquals("ThreadPoolExecutor.runWorker", work.get(0).loop);
        assertEquals(Set.of("http-1"), work.get(0).threads);
        assertEquals("progress=com.acme.Batch#process", work.get(1).option());
        assertEquals("com.acme.Loop.run", work.get(1).loop);
        assertEquals(2, found.mainPlaces().get("com.acme.Main.main, WAITING in Thread.join"), found.mainPlaces().toString());
    }

    @Test
    void aMethodSeenOnceOnOneThreadIsNoPattern() {
        Suggestions found = new Suggestions(List.of(DumpedThread.parse(DUMP), List.of()));
        assertTrue(found.work().isEmpty(), found.work().toString());
    }
}
