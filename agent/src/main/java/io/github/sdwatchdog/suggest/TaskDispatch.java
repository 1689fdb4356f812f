package io.github.sdwatchdog.suggest;

import java.util.List;

/**
 * The code that carries work from a pool thread's {@code run()} to the request, for the pools real servers
 * use: the pool's loop, and where a server feeds the pool from a selector or a connector, that too. None of it
 * is ever a progress point: idle threads wait inside it, and it runs every kind of task, so a hung request and
 * an idle wait look alike there. The first method above it, on a thread that runs a task, is the per-request
 * method. {@code check --classpath} reads {@link #loopPackages} and {@link #perRequest} too.
 */
public enum TaskDispatch {
    JDK("the JDK's ThreadPoolExecutor or ForkJoinPool",
            List.of("java.util.concurrent.ThreadPoolExecutor", "java.util.concurrent.ForkJoin",
                    "java.util.concurrent.ScheduledThreadPoolExecutor"),
            List.of(), List.of()),
    JBOSS_THREADS("JBoss Threads' EnhancedQueueExecutor", List.of("org.jboss.threads."), List.of("org.jboss.threads."),
            List.of("io.undertow.server.Connectors#executeRootHandler",
                    "org.jboss.resteasy.reactive.server.handlers.InvocationHandler#handle")),
    NETTY("Netty's event executors", List.of("io.netty."),
            List.of("io.netty.util.concurrent.", "io.netty.util.internal.ThreadExecutorMap", "io.netty.channel.nio.NioEventLoop",
                    "io.netty.channel.epoll.EpollEventLoop", "io.netty.channel.SingleThreadEventLoop",
                    "io.netty.channel.SingleThreadIoEventLoop", "io.netty.channel.nio.NioIoHandler",
                    "io.netty.channel.epoll.EpollIoHandler"),
            List.of("io.netty.channel.DefaultChannelPipeline#fireChannelRead")),
    GRIZZLY("Grizzly's thread pool", List.of("org.glassfish.grizzly."),
            List.of("org.glassfish.grizzly.threadpool.", "org.glassfish.grizzly.nio.SelectorRunner"),
            List.of("org.apache.catalina.connector.CoyoteAdapter#service")),
    JETTY("Jetty's QueuedThreadPool",
            List.of("org.eclipse.jetty.util.thread.", "org.eclipse.jetty.io.", "org.eclipse.jetty.server.internal.",
                    "org.eclipse.jetty.http."),
            List.of("org.eclipse.jetty.util.thread.", "org.eclipse.jetty.io.ManagedSelector"),
            List.of("org.eclipse.jetty.server.Server#handle")),
    TOMCAT("Tomcat's thread pool",
            List.of("org.apache.tomcat.util.threads.", "org.apache.tomcat.util.net.", "org.apache.coyote."),
            List.of("org.apache.tomcat.util.threads.", "org.apache.tomcat.util.net."),
            List.of("org.apache.catalina.connector.CoyoteAdapter#service")),
    XNIO("XNIO's I/O threads", List.of("org.xnio."), List.of("org.xnio."), List.of("io.undertow.server.Connectors#executeRootHandler"));

    private final String label;
    private final List<String> dispatch;
    private final List<String> loopPackages;
    private final List<String> perRequest;

    TaskDispatch(String label, List<String> dispatch, List<String> loopPackages, List<String> perRequest) {
        this.label = label;
        this.dispatch = dispatch;
        this.loopPackages = loopPackages;
        this.perRequest = perRequest;
    }

    /** For people: "JBoss Threads' EnhancedQueueExecutor". */
    public String label() {
        return label;
    }

    /** Per-request methods proven on servers that run this pool, as {@code a.B#m}: check names those on the class path. */
    public List<String> perRequest() {
        return perRequest;
    }

    /** The pool whose dispatch a frame ({@code a.B.m}) belongs to, or null. */
    static TaskDispatch of(String frame) {
        for (TaskDispatch pool : values()) {
            for (String prefix : pool.dispatch) {
                if (frame.startsWith(prefix)) {
                    return pool;
                }
            }
        }
        return null;
    }

    /** The pool whose own loop code a class is (its threads' loop, the wrappers around it, its selector), or null. */
    public static TaskDispatch loopOwning(String className) {
        for (TaskDispatch pool : values()) {
            for (String prefix : pool.loopPackages) {
                if (className.startsWith(prefix)) {
                    return pool;
                }
            }
        }
        return null;
    }

    /**
     * True when a thread waits for work: its innermost frames, below any code but the JDK's and a pool's, take from a
     * queue (the JDK's or a pool's own, such as Jetty's BlockingArrayQueue), select or accept. Those are what
     * idle pools, event loops and acceptors sit in; a request blocked on a lock, a latch or a socket read is not
     * taken for one.
     */
    static boolean waitsForWork(List<String> frames) {
        for (String frame : frames) {
            String cls = DumpedThread.className(frame);
            String method = DumpedThread.methodName(frame);
            boolean queue = (cls.contains("Queue") || cls.contains("Deque"))
                    && (method.startsWith("take") || method.startsWith("poll") || method.equals("transfer"));
            boolean select = cls.startsWith("sun.nio.ch.") && (cls.contains("Selector") && method.contains("elect")
                    || cls.equals("sun.nio.ch.EPoll") && method.equals("wait"));
            boolean accept = method.equals("accept") && (cls.equals("java.net.ServerSocket")
                    || cls.equals("sun.nio.ch.ServerSocketChannelImpl") || cls.equals("sun.nio.ch.NioSocketImpl"));
            if (queue || select || accept) {
                return true;
            }
            if (!DumpedThread.isPlatform(frame) && of(frame) == null) {
                return false;
            }
        }
        return false;
    }
}
