package io.github.sdwatchdog.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** systemctl show output as systemd 252 prints it (captured from a real one). */
class UnitFactsTest {
    @Test
    void parsesWhatEnableNeeds() {
        UnitFacts facts = UnitFacts.parse(String.join("\n",
                "Type=simple",
                "Restart=on-failure",
                "ExecStart={ path=/usr/bin/java ; argv[]=/usr/bin/java -Xmx1g -jar /opt/acme/app.jar ; ignore_errors=no ;"
                        + " start_time=[n/a] ; stop_time=[n/a] ; pid=0 ; code=(null) ; status=0/0 }",
                "Environment=\"JAVA_TOOL_OPTIONS=-Xmx64m -Dfoo=bar\" PLAIN=1 \"Q=it\\\"s\" \"BS=a\\\\b\" \"DOLLAR=a\\$b\"",
                "EnvironmentFiles=/etc/default/acme (ignore_errors=yes)",
                "WorkingDirectory=/opt/acme",
                "Id=acme.service",
                "LoadState=loaded",
                "DropInPaths=/etc/systemd/system/acme.service.d/a.conf /run/systemd/system/acme.service.d/b.conf",
                ""));
        assertEquals("acme.service", facts.id);
        assertEquals("loaded", facts.loadState);
        assertEquals("simple", facts.type);
        assertEquals("on-failure", facts.restart);
        assertEquals(1, facts.execStart.size());
        assertEquals("/usr/bin/java", facts.execStart.get(0).path);
        assertEquals(List.of("/usr/bin/java", "-Xmx1g", "-jar", "/opt/acme/app.jar"), facts.execStart.get(0).argv);
        assertEquals(Map.of("JAVA_TOOL_OPTIONS", "-Xmx64m -Dfoo=bar", "PLAIN", "1", "Q", "it\"s", "BS", "a\\b",
                "DOLLAR", "a$b"), facts.environment);
        assertEquals(List.of("/etc/default/acme"), facts.environmentFiles);
        assertEquals("/opt/acme", facts.workingDirectory);
        assertEquals(2, facts.dropInPaths.size());
    }

    @Test
    void anUnknownUnitIsNotLoaded() {
        UnitFacts facts = UnitFacts.parse("Id=nope.service\nLoadState=not-found\nType=\nExecStart=\nEnvironment=\n");
        assertEquals("not-found", facts.loadState);
        assertEquals(0, facts.execStart.size());
        assertEquals(Map.of(), facts.environment);
    }
}
