package io.github.sdwatchdog.instrument;

import io.github.sdwatchdog.config.OptionsParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetLedgerTest {
    @Test
    void listenModeExpectsNoReadyClassOnlyItsPointsAfterReady() throws Exception {
        TargetLedger ledger = new TargetLedger(OptionsParser.parse("ready=listen:8080,progress=a.Loop#tick"));
        List<TargetLedger.Target> overdue = new ArrayList<>();
        assertTrue(ledger.overdueClasses(false, overdue).isEmpty(), "before READY nothing is due: " + overdue);
        assertNull(ledger.status());
        assertEquals(Set.of("a.Loop"), ledger.overdueClasses(true, overdue));
        assertEquals(1, ledger.targets().size());
    }

    @Test
    void methodModeExpectsTheReadyClassBeforeReady() throws Exception {
        TargetLedger ledger = new TargetLedger(OptionsParser.parse("ready=a.Server#start,progress=a.Loop#tick"));
        assertEquals(Set.of("a.Server"), ledger.overdueClasses(false, new ArrayList<>()));
    }

    @Test
    void aPresetsClassThatLoadsWithTheFirstClientIsNotOverdueButTheOthersAre() throws Exception {
        TargetLedger ledger = new TargetLedger(OptionsParser.parse("preset=artemis"));
        ledger.classSeen("org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl");
        assertEquals(Set.of("org.apache.activemq.artemis.core.io.buffer.TimedBuffer"),
                ledger.overdueClasses(true, new ArrayList<>()), "the session handler loads with the first client");
        ledger.classSeen("org.apache.activemq.artemis.core.io.buffer.TimedBuffer");
        assertNull(ledger.status());
        assertTrue(!ledger.allClassesSeen(), "still watched: a late class that fails to weave is reported when it loads");
    }

    @Test
    void undertowsAndCatalinasRequestClassesMayLoadLateOnlyUnderTheirOwnPresets() throws Exception {
        TargetLedger wildfly = new TargetLedger(OptionsParser.parse("preset=wildfly"));
        wildfly.classSeen("org.jboss.as.server.BootstrapListener");
        assertEquals(Set.of(), wildfly.overdueClasses(true, new ArrayList<>()), "Connectors loads with the first request");
        TargetLedger glassfish = new TargetLedger(OptionsParser.parse("preset=glassfish"));
        glassfish.classSeen("com.sun.enterprise.v3.server.AppServerStartup");
        assertEquals(Set.of(), glassfish.overdueClasses(true, new ArrayList<>()), "CoyoteAdapter loads with the first request");
        TargetLedger tomcat = new TargetLedger(OptionsParser.parse("preset=tomcat"));
        tomcat.classSeen("org.apache.catalina.core.StandardServer");
        assertEquals(Set.of("org.apache.catalina.connector.CoyoteAdapter"), tomcat.overdueClasses(true, new ArrayList<>()),
                "Tomcat loads it at startup: missing there means a preset on the wrong server");
    }

    @Test
    void aPresetOnTheWrongServerIsReported() throws Exception {
        TargetLedger ledger = new TargetLedger(OptionsParser.parse("preset=spring-boot-servlet"));
        ledger.classSeen("org.springframework.boot.SpringApplication");
        assertEquals(Set.of("org.springframework.web.servlet.DispatcherServlet"), ledger.overdueClasses(true, new ArrayList<>()));
    }

    @Test
    void anExplicitProgressPointNextToAPresetIsExpectedAfterReady() throws Exception {
        TargetLedger ledger = new TargetLedger(OptionsParser.parse("preset=tomcat,progress=a.Loop#tick"));
        ledger.classSeen("org.apache.catalina.core.StandardServer");
        assertEquals(Set.of("a.Loop"), ledger.overdueClasses(true, new ArrayList<>()));
    }
}
