package io.github.sdwatchdog.probe;

import io.github.sdwatchdog.config.HttpAddress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * The probe endpoints' HTTP/1.1 server: small, on plain blocking sockets, so it needs no {@code jdk.httpserver}
 * and no client can hold it up. One daemon thread accepts; each connection is served on a daemon thread of
 * its own with read deadlines ({@link ProbeConnection}), so a client that sends part of a request and then
 * nothing holds only its own thread, and only until its deadline. At most {@link #MAX_CONNECTIONS} are open:
 * a new one then closes the one that has waited longest for a request, so silent clients cannot crowd out a
 * probe. Answers are reads of what the watchdog already knows. Platform threads' socket calls ignore
 * interrupts, so a service that interrupts every thread cannot close the listening socket.
 */
public final class ProbeServer implements Runnable {
    static final int MAX_CONNECTIONS = 64;
    private static final int BACKLOG = 64;
    /** Enough for reading a head and writing an answer; a thread per connection should cost little memory. */
    private static final long STACK_SIZE = 256 * 1024;

    private final ServerSocket listener;
    private final ProbeView view;
    private final List<ProbeConnection> open = new ArrayList<>();

    private ProbeServer(ServerSocket listener, ProbeView view) {
        this.listener = listener;
        this.view = view;
    }

    /** Binds and starts accepting on a thread of its own; throws IOException (port in use, unknown host) for the caller to report. */
    public static ProbeServer start(HttpAddress address, ProbeView view) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.setReuseAddress(true); // a restarted service rebinds while old connections linger in TIME_WAIT
            listener.bind(new InetSocketAddress(address.host(), address.port()), BACKLOG);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        ProbeServer server = new ProbeServer(listener, view);
        Thread acceptor = new Thread(null, server, "sd-watchdog-probes", STACK_SIZE);
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    /** The port actually bound. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Stops accepting and closes every connection (the agent's own tests; the agent's server lives as long as the JVM). */
    void close() throws IOException {
        listener.close();
        synchronized (open) {
            open.forEach(ProbeConnection::close);
        }
    }

    @Override
    public void run() {
        while (!listener.isClosed()) {
            try {
                admit(listener.accept());
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                pause(); // out of file descriptors or threads: let the service, not this loop, have the CPU
            } finally {
                Thread.interrupted();
            }
        }
    }

    private void admit(Socket socket) {
        ProbeConnection connection = new ProbeConnection(socket, view, this::closed);
        ProbeConnection evicted = null;
        synchronized (open) {
            if (open.size() >= MAX_CONNECTIONS) {
                evicted = open.get(0);
                for (ProbeConnection candidate : open) {
                    if (candidate.waitingSince - evicted.waitingSince < 0) {
                        evicted = candidate;
                    }
                }
                open.remove(evicted);
            }
            open.add(connection);
        }
        if (evicted != null) {
            evicted.close();
        }
        Thread thread = new Thread(null, connection, "sd-watchdog-probe", STACK_SIZE);
        thread.setDaemon(true);
        try {
            thread.start();
        } catch (OutOfMemoryError | RuntimeException e) {
            connection.close();
            closed(connection);
            throw e;
        }
    }

    private void closed(ProbeConnection connection) {
        synchronized (open) {
            open.remove(connection);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException ignored) {
            // the agent's threads ignore interrupts
        }
    }
}
