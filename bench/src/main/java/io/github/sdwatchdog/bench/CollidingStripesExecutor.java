package io.github.sdwatchdog.bench;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A JMH worker executor (-Djmh.executor=CUSTOM -Djmh.executor.class=this class) whose threads all get ids
 * that fall on the same counter stripe of the agent's bridge (id & mask equal): the worst case for two
 * threads calling one progress point, where both write the same cache line. Thread ids are handed out
 * when a Thread is constructed, so unstarted threads are made and dropped until the next id collides.
 */
public final class CollidingStripesExecutor extends ThreadPoolExecutor {
    private static long stripe = -1;
    private static int made;

    public CollidingStripesExecutor(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 1, TimeUnit.DAYS, new LinkedBlockingQueue<>(), work -> newThread(work, prefix));
    }

    private static synchronized Thread newThread(Runnable work, String prefix) {
        long mask = Target.stripeMask();
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
