package com.example.testapp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --listen=KIND:PORT[+KIND:PORT]...} after {@code --listen-after}: opens TCP listeners the way servers do,
 * on a thread of their own, and prints {@code listener-opening} before each bind and {@code listener-opened} once it listens. KIND: nio
 * (ServerSocketChannel on the wildcard address), blocking (ServerSocket on 127.0.0.1), nio6 (ServerSocketChannel
 * on ::1), blocking6 (ServerSocket on ::). Nothing is accepted; the kernel completes connections into the backlog.
 */
final class Listeners {
    private static final List<AutoCloseable> OPEN = new ArrayList<>();

    static void start(String spec, Duration after) {
        Thread opener = new Thread(() -> {
            try {
                Thread.sleep(after.toMillis());
                for (String item : spec.split("\\+")) {
                    String[] kindPort = item.split(":", 2);
                    open(kindPort[0], Integer.parseInt(kindPort[1]));
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "listeners");
        opener.setDaemon(true);
        opener.start();
    }

    private static void open(String kind, int port) throws IOException {
        TestApp.event("listener-opening kind=" + kind + " port=" + port);
        switch (kind) {
            case "nio": OPEN.add(ServerSocketChannel.open().bind(new InetSocketAddress(port))); break;
            case "nio6": OPEN.add(ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getByName("::1"), port))); break;
            case "blocking": OPEN.add(new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))); break;
            case "blocking6": OPEN.add(new ServerSocket(port, 50, InetAddress.getByName("::"))); break;
            default: throw new IllegalArgumentException("unknown listener kind: " + kind);
        }
        TestApp.event("listener-opened kind=" + kind + " port=" + port);
    }

    private Listeners() {
    }
}
