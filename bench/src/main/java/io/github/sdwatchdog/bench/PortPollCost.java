package io.github.sdwatchdog.bench;

import io.github.sdwatchdog.ports.PortReadiness;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.File;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * What one ready=listen: poll costs (PortReadiness.poll, the agent's own code) with this JVM holding
 * about N more open fds (files) and 10 listeners on other ports, for each N given: 2,000 polls to warm up,
 * then the mean of 2,000.
 */
public final class PortPollCost {
    public static void main(String[] args) throws IOException {
        List<AutoCloseable> open = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            open.add(new ServerSocket(0));
        }
        String[] counts = args.length > 0 ? args : new String[] {"0", "200", "1000"};
        for (String count : counts) {
            int wanted = Integer.parseInt(count);
            while (open.size() - 10 < wanted) {
                open.add(new FileInputStream("/proc/self/stat"));
            }
            PortReadiness readiness = new PortReadiness(List.of(1)); // port 1: never ours, so every poll is a full one
            for (int i = 0; i < 2000; i++) {
                readiness.poll();
            }
            long start = System.nanoTime();
            int polls = 2000;
            for (int i = 0; i < polls; i++) {
                readiness.poll();
            }
            long micros = (System.nanoTime() - start) / polls / 1000;
            System.out.printf("%5d open fds: %5d us per poll; at one poll per max(5 ms, 10 polls' cost) that is %.1f%% of a core%n",
                    new File("/proc/self/fd").list().length, micros, 100.0 * micros / Math.max(5000, 10 * micros));
        }
    }

    private PortPollCost() {
    }
}
