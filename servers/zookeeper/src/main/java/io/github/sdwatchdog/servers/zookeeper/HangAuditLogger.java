package io.github.sdwatchdog.servers.zookeeper;

import java.util.concurrent.CountDownLatch;
import org.apache.zookeeper.audit.AuditEvent;
import org.apache.zookeeper.audit.AuditLogger;

/**
 * A ZooKeeper audit logger plugin (zoo.cfg: {@code audit.enable=true},
 * {@code audit.impl.class=io.github.sdwatchdog.servers.zookeeper.HangAuditLogger}, the jar in lib/). The server
 * calls it from {@code FinalRequestProcessor#processRequest} after applying a write: for the znode {@code /hang}
 * it blocks forever, as a logger stuck on a full disk or a dead remote sink would, and so the request path
 * (the single thread behind SyncRequestProcessor) stops. Everything else is dropped.
 */
public class HangAuditLogger implements AuditLogger {
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    @Override
    public void logAuditEvent(AuditEvent event) {
        if ("/hang".equals(event.getValue(AuditEvent.FieldName.ZNODE))) {
            System.err.println("HangAuditLogger: hanging the request path on " + event);
            try {
                NEVER.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
