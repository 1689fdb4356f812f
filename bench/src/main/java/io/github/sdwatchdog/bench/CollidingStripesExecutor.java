package io.github.sdwatchdog.bench;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A JMH worker executor (-Djmh.executor=CUSTOM -Djmh.executor.class=this class) whose threads all get ids
 * that fell on the same counter stripe of the bridge's old striping (id & 7 equal on 2 cores): the case
 * where two threads calling one progress point wrote the same cache line. Thread ids are handed out
 * when a Thread is constructed, so unstarted threads are made and dropped until the next id collides.
 * With {@code -Dcollide=new} they collide under today's 1,024 stripes instead: the worst case left.
 */
public final class CollidingStripesExecutor extends ThreadPoolExecutor {
    private static long stripe = -1;
    private static int made;

    public CollidingStripesExecutor(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 1, TimeUnit.DAYS, new LinkedBlockingQueue<>(), work -> newThread(work, prefix));
    }

    private static synchronized Thread newThread(Runnable work, String prefix) {
        long mask = "new".equals(System.getProperty("collide")) ? Target.stripeMask() : Target.oldStripeMask();
        while (true) {
            Thread thread = new Thread(work, prefix + "-colliding-" + made);
            long id = thread.getId();
            if (stripe < 0) {
                stripe = id & mask;
            }
            if ((id & mask) == stripe) {
                made++;
                thread.setDaemon(true);
                return thread;
            }
        }
    }
}
