package suggestfixture;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import org.apache.tomcat.util.threads.TaskQueue;
import org.apache.tomcat.util.threads.TaskThreadFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.grizzly.threadpool.GrizzlyExecutorService;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.jboss.threads.EnhancedQueueExecutor;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/** Each pool a real server runs its requests on, from its own library, with THREADS threads started and idle. */
final class Pools {
    static final int THREADS = 4;

    static Executor start(String name) throws Exception {
        switch (name) {
            case "thread-pool-executor":
                return Executors.newFixedThreadPool(THREADS);
            case "fork-join":
                return new ForkJoinPool(THREADS);
            case "jboss-threads":
                EnhancedQueueExecutor jboss = new EnhancedQueueExecutor.Builder().setCorePoolSize(THREADS)
                        .setMaximumPoolSize(THREADS).build();
                jboss.prestartAllCoreThreads();
                return jboss;
            case "netty":
                MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(THREADS, NioIoHandler.newFactory());
                for (EventExecutor loop : group) {
                    loop.execute(() -> { }); // an event loop's thread starts with its first task, as a server's with its first channel
                }
                return task -> group.next().execute(task);
            case "grizzly":
                return GrizzlyExecutorService.createInstance(ThreadPoolConfig.defaultConfig().copy()
                        .setCorePoolSize(THREADS).setMaxPoolSize(THREADS).setPoolName("grizzly-worker"));
            case "jetty":
                QueuedThreadPool jetty = new QueuedThreadPool(THREADS * 2, THREADS);
                jetty.start();
                return jetty;
            case "tomcat":
                TaskQueue queue = new TaskQueue();
                org.apache.tomcat.util.threads.ThreadPoolExecutor tomcat = new org.apache.tomcat.util.threads.ThreadPoolExecutor(
                        THREADS, THREADS, 60, TimeUnit.SECONDS, queue, new TaskThreadFactory("http-exec-", true, 5));
                queue.setParent(tomcat);
                tomcat.prestartAllCoreThreads();
                return tomcat;
            default:
                throw new IllegalArgumentException("--pool=thread-pool-executor|fork-join|jboss-threads|netty|grizzly|jetty|tomcat, not " + name);
        }
    }

    private Pools() {
    }
}
