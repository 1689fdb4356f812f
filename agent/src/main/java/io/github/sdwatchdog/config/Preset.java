package io.github.sdwatchdog.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Tested option bundles for servers users run under systemd ({@code preset=<name>}). Each was proven under a
 * real systemd against the server fetched from Maven Central (systemd/e2e/servers); options given
 * explicitly win, and an explicit {@code progress} or {@code heartbeat} replaces all of the preset's points
 * of that kind.
 */
public enum Preset {
    TOMCAT("tomcat", "Apache Tomcat 9, 10.1 and 11, standalone (catalina.sh run) or embedded by your own code (for Spring Boot, its own preset)",
            "org.apache.catalina.",
            "ready=org.apache.catalina.core.StandardServer#startInternal",
            "progress=org.apache.catalina.connector.CoyoteAdapter#service"),
    JETTY("jetty", "Eclipse Jetty 12, standalone (start.jar) or embedded by your own code (for Spring Boot, its own preset)",
            "org.eclipse.jetty.server.",
            "ready=org.eclipse.jetty.server.Server#doStart",
            "progress=org.eclipse.jetty.server.Server#handle"),
    SPRING_BOOT_SERVLET("spring-boot-servlet", "Spring Boot 3 with Spring MVC (tested on embedded Tomcat)",
            "org.springframework.web.servlet.",
            "ready=org.springframework.boot.SpringApplication#run",
            "progress=org.springframework.web.servlet.DispatcherServlet#doDispatch"),
    SPRING_BOOT_WEBFLUX("spring-boot-webflux", "Spring Boot 3 with Spring WebFlux on Reactor Netty",
            "org.springframework.web.reactive.",
            "ready=org.springframework.boot.SpringApplication#run",
            "progress=io.netty.channel.DefaultChannelPipeline#fireChannelRead"),
    ZOOKEEPER("zookeeper", "Apache ZooKeeper 3.9, standalone (zkServer.sh start-foreground)",
            "org.apache.zookeeper.server.",
            "ready=org.apache.zookeeper.server.ZooKeeperServerMain#serverStarted",
            "progress=org.apache.zookeeper.server.FinalRequestProcessor#processRequest",
            "progress=org.apache.zookeeper.server.ZKDatabase#append",
            "progress=org.apache.zookeeper.server.ZKDatabase#commit"),
    KAFKA("kafka", "Apache Kafka 3.9 and 4, KRaft broker or combined broker and controller (kafka-server-start.sh)",
            "kafka.server.",
            "ready=kafka.server.KafkaRaftServer#startup",
            "progress=kafka.server.KafkaApis#handle",
            "progress=org.apache.kafka.raft.KafkaRaftClient#poll"),
    ARTEMIS("artemis", "Apache ActiveMQ Artemis 2 (artemis run)",
            "org.apache.activemq.artemis.",
            "ready=org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl#start",
            "progress=org.apache.activemq.artemis.core.protocol.core.ServerSessionPacketHandler#onMessagePacket",
            "progress=org.apache.activemq.artemis.core.io.buffer.TimedBuffer#flushBatch"),
    // Boot statistics are generated once the MSC container is stable (deployments up) and the server resumed.
    WILDFLY("wildfly", "WildFly 37 with Undertow, standalone (bin/standalone.sh)",
            "org.wildfly.extension.undertow.",
            "ready=org.jboss.as.server.BootstrapListener#generateBootStatistics",
            "progress=io.undertow.server.Connectors#executeRootHandler"),
    // Its own package, not Catalina's: GlassFish embeds Catalina, whose ready method is not GlassFish's.
    GLASSFISH("glassfish", "Eclipse GlassFish 7 on Java 11 to 23 (bin/startserv)",
            "com.sun.enterprise.",
            "ready=com.sun.enterprise.v3.server.AppServerStartup#start",
            "progress=org.apache.catalina.connector.CoyoteAdapter#service"),
    KEYCLOAK("keycloak", "Keycloak 26 on Quarkus (bin/kc.sh start)",
            "org.keycloak.",
            "ready=io.quarkus.runtime.Application#start",
            "progress=org.jboss.resteasy.reactive.server.handlers.InvocationHandler#handle");

    private final String name;
    private final String servers;
    private final String ownPackage;
    private final List<String> options;

    Preset(String name, String servers, String ownPackage, String... options) {
        this.name = name;
        this.servers = servers;
        this.ownPackage = ownPackage;
        this.options = List.of(options);
    }

    /** Classes a preset names that its server loads only with the first client or request, not at startup. */
    private static final Map<Preset, Set<String>> LOADED_ON_FIRST_CLIENT = Map.of(
            ARTEMIS, Set.of("org.apache.activemq.artemis.core.protocol.core.ServerSessionPacketHandler"),
            WILDFLY, Set.of("io.undertow.server.Connectors"),
            GLASSFISH, Set.of("org.apache.catalina.connector.CoyoteAdapter"));

    /**
     * True if this preset's class may legitimately be unloaded long after READY: an idle broker has no session,
     * an idle WildFly or GlassFish has served no request.
     */
    public boolean loadsOnFirstClient(String className) {
        return LOADED_ON_FIRST_CLIENT.getOrDefault(this, Set.of()).contains(className);
    }

    /** The package prefix only this server's classes have; {@code suggest} recognises the server by it. */
    public String ownPackage() {
        return ownPackage;
    }

    public String presetName() {
        return name;
    }

    /** Which servers and versions it was made for. */
    public String servers() {
        return servers;
    }

    /** key=value items, as a user would write them. */
    public List<String> options() {
        return options;
    }

    /** What the preset expands to, as agent arguments. */
    public String expansion() {
        return String.join(",", options);
    }

    static Preset forName(String name) {
        for (Preset preset : values()) {
            if (preset.name.equals(name)) {
                return preset;
            }
        }
        return null;
    }

    static String names() {
        StringJoiner names = new StringJoiner(", ");
        for (Preset preset : values()) {
            names.add(preset.name);
        }
        return names.toString();
    }

    /** The presets as a Markdown table; the README embeds exactly this text. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| preset | for | expands to |\n|---|---|---|\n");
        for (Preset preset : values()) {
            table.append("| `").append(preset.name).append("` | ").append(preset.servers).append(" | ");
            StringJoiner items = new StringJoiner("<br>");
            for (String option : preset.options) {
                items.add("`" + option + "`");
            }
            table.append(items).append(" |\n");
        }
        return table.toString();
    }
}
