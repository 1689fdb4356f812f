package io.github.sdwatchdog.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients that connect, send the first byte of a request and then nothing, as a crashed or hostile client does;
 * each reconnects as soon as the server closes it, so the server always has them connected.
 */
final class SilentClients implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final CountDownLatch connected;
    private final AtomicInteger reconnects = new AtomicInteger();
    private volatile boolean closing;

    SilentClients(int port, int count) {
        connected = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(() -> stayConnected(port), "silent-client-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void stayConnected(int port) {
        boolean first = true;
        while (!closing) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                synchronized (sockets) {
                    sockets.add(socket);
                }
                socket.getOutputStream().write('G');
                if (first) {
                    connected.countDown();
                    first = false;
                }
                while (socket.getInputStream().read() >= 0) {
                    // the server has nothing to say to a request that never came; it can only close
                }
                if (!closing) {
                    reconnects.incrementAndGet();
                }
            } catch (IOException e) {
                if (!closing) {
                    reconnects.incrementAndGet();
                }
            }
        }
    }

    void awaitConnected(Duration timeout) throws InterruptedException {
        if (!connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the silent clients did not all connect within " + timeout);
        }
    }

    /** How often the server closed one of them. */
    int reconnects() {
        return reconnects.get();
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        synchronized (sockets) {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closed already
                }
            }
        }
        for (Thread thread : threads) {
            thread.join(10_000);
        }
    }
}
