package io.github.sdwatchdog.ports;

import java.util.ArrayList;
import java.util.List;

/** The ports of ready=listen: and which of them have been seen listening; a port seen stays seen. */
final class PortSet {
    private final int[] ports;
    private final boolean[] listening;

    PortSet(List<Integer> ports) {
        this.ports = new int[ports.size()];
        for (int i = 0; i < this.ports.length; i++) {
            this.ports[i] = ports.get(i);
        }
        this.listening = new boolean[this.ports.length];
    }

    /** Index of a port still awaited, or -1. */
    int awaited(int port) {
        for (int i = 0; i < ports.length; i++) {
            if (ports[i] == port && !listening[i]) {
                return i;
            }
        }
        return -1;
    }

    void found(int port) {
        int index = awaited(port);
        if (index >= 0) {
            listening[index] = true;
        }
    }

    boolean allSeen() {
        for (boolean seen : listening) {
            if (!seen) {
                return false;
            }
        }
        return true;
    }

    List<Integer> waitingFor() {
        List<Integer> waiting = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) {
            if (!listening[i]) {
                waiting.add(ports[i]);
            }
        }
        return waiting;
    }
}
