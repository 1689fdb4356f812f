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
    void aPresetsProgressClassMayLoadWithTheFirstRequestButItsReadyClassIsExpected() throws Exception {
        TargetLedger ledger = new TargetLedger(OptionsParser.parse("preset=spring-boot-webflux"));
        assertEquals(Set.of("org.springframework.boot.SpringApplication"), ledger.overdueClasses(true, new ArrayList<>()));
        ledger.classSeen("org.springframework.boot.SpringApplication");
        assertTrue(ledger.overdueClasses(true, new ArrayList<>()).isEmpty(), "a preset's progress class is not overdue");
        assertNull(ledger.status());
        assertTrue(ledger.allClassesSeen());
    }

    @Test
    void anExplicitProgressPointNextToAPresetIsExpectedAfterReady() throws Exception {
        TargetLedger ledger = new TargetLedger(OptionsParser.parse("preset=tomcat,progress=a.Loop#tick"));
        ledger.classSeen("org.apache.catalina.core.StandardServer");
        assertEquals(Set.of("a.Loop"), ledger.overdueClasses(true, new ArrayList<>()));
    }
}
