package io.github.sdwatchdog.bench;

import io.github.sdwatchdog.ports.PortReadiness;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.File;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * What one ready=listen: poll costs (PortReadiness.poll, the agent's own code: the kernel's listeners through
 * sock_diag where netlink is allowed) with this JVM holding about N more open fds (files) and 10 listeners on
 * other ports, for each N given: 2,000 polls to warm up, then the mean of 2,000, back to back (warm caches; a poll
 * after a 25 ms pause costs more, see bench/port-wait.sh).
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
            System.out.printf("%5d open fds: %5d us per poll (%s); at one poll per max(25 ms, 10 polls' cost) that is"
                    + " %.2f%% of a core%n", new File("/proc/self/fd").list().length, micros, readiness.pollCost(),
                    100.0 * micros / Math.max(25_000, 10 * micros));
            readiness.close();
        }
    }

    private PortPollCost() {
    }
}
