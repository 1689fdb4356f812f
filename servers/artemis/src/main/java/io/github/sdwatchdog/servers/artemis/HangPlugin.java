package io.github.sdwatchdog.servers.artemis;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerPlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * A broker plugin that never returns from {@code beforeSend} for a message sent to one address ("hang" unless
 * the plugin's property {@code address} says otherwise): a request that hangs on the broker's request path, for
 * the sd-watchdog end-to-end test. For a CORE client it runs on the session's packet actor, inside
 * {@code ServerSessionPacketHandler#onMessagePacket}. Deployed as brokers deploy plugins: the jar in the
 * instance's {@code lib/}, the class in {@code broker.xml}'s {@code <broker-plugins>}. Sends to any other
 * address pass through untouched.
 */
public class HangPlugin implements ActiveMQServerPlugin {
    private final CountDownLatch never = new CountDownLatch(1);
    private volatile String address = "hang";

    @Override
    public void init(Map<String, String> properties) {
        String configured = properties.get("address");
        if (configured != null && !configured.isEmpty()) {
            address = configured;
        }
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
            boolean noAutoCreateQueue) {
        if (!address.equals(message.getAddress())) {
            return;
        }
        System.out.println("HangPlugin: blocking a send to address " + address + " forever on "
                + Thread.currentThread().getName());
        while (true) {
            try {
                never.await();
            } catch (InterruptedException e) {
                // keep hanging: this is the bug being simulated
            }
        }
    }
}
