package com.example.testapp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * Startups other than a plain sleep: one that keeps working (computes and loads classes, as a big
 * service initialising its beans does), one that hangs part way, and ready methods that never return.
 */
final class StartupModes {
    /** The bytes of a tiny class, defined again and again by fresh loaders: each definition is a class loaded. */
    private static final byte[] CLASS_BYTES = classBytes();

    /** Works for the duration: a new class every 100 ms and a computation whose stack depth varies. */
    static void work(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        int step = 0;
        while (System.nanoTime() - end < 0) {
            loadAClass();
            computeAt(1 + step++ % 5, 100_000_000L);
        }
    }

    /** Works for the duration, then parks forever, as a startup waiting for a lock or a reply that never comes. */
    static void hangAfter(Duration working) {
        work(working);
        TestApp.event("startup-hangs");
        while (true) {
            LockSupport.park();
        }
    }

    /** A ready method that never returns: waits on a latch nobody counts down, or accepts connections forever. */
    static void blockForever(String how) throws IOException, InterruptedException {
        TestApp.event("startup-blocks=" + how);
        if (how.equals("latch")) {
            new CountDownLatch(1).await();
        } else if (how.equals("accept")) {
            try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                TestApp.event("accepting port=" + server.getLocalPort());
                while (true) {
                    server.accept().close();
                }
            }
        }
        throw new IllegalArgumentException("--ready-blocks=latch|accept, not " + how);
    }

    /**
     * Connects to a backend that never answers (a 1.5 s read timeout), waits a second and tries again, for ever:
     * a startup that keeps moving between the same two places without getting anywhere.
     */
    static void retryForever() throws IOException, InterruptedException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket silent = new ServerSocket(0, 50, loopback)) { // the kernel accepts; nobody ever answers
            while (true) {
                try (Socket socket = new Socket(loopback, silent.getLocalPort())) {
                    socket.setSoTimeout(1_500);
                    TestApp.event("startup-retry");
                    socket.getInputStream().read();
                } catch (SocketTimeoutException silence) {
                    // the backend did not answer: wait, then try again
                }
                Thread.sleep(1_000);
            }
        }
    }

    private static void computeAt(int depth, long nanos) {
        if (depth > 0) {
            computeAt(depth - 1, nanos);
            return;
        }
        long until = System.nanoTime() + nanos;
        long x = 0;
        while (System.nanoTime() - until < 0) {
            x = x * 31 + 7;
        }
        Faults.sink = x;
    }

    private static void loadAClass() {
        try {
            new ClassLoader(StartupModes.class.getClassLoader()) {
                Class<?> define() {
                    return defineClass("com.example.testapp.Generated", CLASS_BYTES, 0, CLASS_BYTES.length);
                }
            }.define();
        } catch (LinkageError e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] classBytes() {
        try (java.io.InputStream in = StartupModes.class.getResourceAsStream("Generated.class")) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("Generated.class not found", e);
        }
    }

    private StartupModes() {
    }
}
