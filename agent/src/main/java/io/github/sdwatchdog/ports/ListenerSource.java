package io.github.sdwatchdog.ports;

import java.io.IOException;

/** A way to see which TCP ports this process listens on. */
interface ListenerSource extends AutoCloseable {
    /** Tells the set about every port this process listens on now. */
    void scan(PortSet ports) throws IOException;

    /** Releases what the source holds open (its netlink socket). */
    @Override
    default void close() {
    }
}
