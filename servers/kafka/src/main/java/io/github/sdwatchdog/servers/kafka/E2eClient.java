package io.github.sdwatchdog.servers.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The e2e script's Kafka client, an ordinary application on the broker's own client jars.
 * <ul>
 * <li>{@code traffic BOOTSTRAP}: lists the topics, creates topic {@code light} if missing and produces three
 * messages to it, each acknowledged; exit 0, or 1 on any failure.</li>
 * <li>{@code hang BOOTSTRAP SECONDS}: describes topic {@code hang}, which {@link HangAuthorizer} never
 * answers; gives up after SECONDS (exit 2).</li>
 * </ul>
 */
public final class E2eClient {
    private E2eClient() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("traffic")) {
            System.exit(traffic(args[1]));
        } else if (args.length == 3 && args[0].equals("hang")) {
            System.exit(hang(args[1], Integer.parseInt(args[2])));
        }
        System.err.println("usage: E2eClient traffic BOOTSTRAP | hang BOOTSTRAP SECONDS");
        System.exit(64);
    }

    private static Properties common(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
        return props;
    }

    private static int traffic(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(common(bootstrap))) {
            Set<String> topics = admin.listTopics().names().get(20, TimeUnit.SECONDS);
            System.out.println("topics: " + topics);
            if (!topics.contains("light")) {
                try {
                    admin.createTopics(List.of(new NewTopic("light", 1, (short) 1))).all().get(20, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        Properties props = common(bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>("light", "k" + i, "message " + i)).get(20, TimeUnit.SECONDS);
            }
        }
        System.out.println("produced 3 messages to light");
        return 0;
    }

    private static int hang(String bootstrap, int seconds) {
        Properties props = common(bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(seconds * 1000));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(seconds * 1000));
        Admin admin = Admin.create(props);
        try {
            System.out.println("describing topic hang");
            admin.describeTopics(List.of("hang")).allTopicNames().get(seconds, TimeUnit.SECONDS);
            System.out.println("topic hang answered");
            return 0;
        } catch (Exception e) {
            System.out.println("topic hang: no answer: " + e);
            return 2;
        } finally {
            admin.close(Duration.ZERO);
        }
    }
}
