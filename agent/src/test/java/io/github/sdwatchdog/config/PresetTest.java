package io.github.sdwatchdog.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresetTest {
    @Test
    void presetSuppliesReadyAndProgress() throws ConfigException {
        AgentConfig config = OptionsParser.parse("preset=tomcat");
        assertEquals(new MethodRef("org.apache.catalina.core.StandardServer", "startInternal"), config.ready());
        assertEquals(1, config.watchPoints().size());
        assertEquals(new MethodRef("org.apache.catalina.connector.CoyoteAdapter", "service"),
                config.watchPoints().get(0).method());
        assertEquals(Preset.TOMCAT, config.preset().orElseThrow());
        assertTrue(config.describe().startsWith("preset=tomcat: ready=org.apache.catalina.core.StandardServer#startInternal"),
                config.describe());
    }

    @Test
    void explicitOptionsWinAndAnExplicitProgressReplacesThePresetsPoints() throws ConfigException {
        AgentConfig config = OptionsParser.parse("preset=zookeeper,ready=listen:2181,progress=a.B#c@5s,stall=2m");
        assertEquals(java.util.List.of(2181), config.readyPorts());
        assertEquals(1, config.watchPoints().size());
        assertEquals(new MethodRef("a.B", "c"), config.watchPoints().get(0).method());
        assertEquals(Duration.ofMinutes(2), config.stall());
    }

    @Test
    void presetInAConfigFileCounts() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("preset", ".properties");
        try {
            java.nio.file.Files.writeString(file, "preset=jetty\nstall=1m\n");
            AgentConfig config = OptionsParser.parse("config=" + file);
            assertEquals(new MethodRef("org.eclipse.jetty.server.Server", "doStart"), config.ready());
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void anUnknownPresetNamesTheKnownOnes() {
        ConfigException e = assertThrows(ConfigException.class, () -> OptionsParser.parse("preset=tomact"));
        assertTrue(e.getMessage().contains("'tomact' is not a preset; known presets: tomcat, jetty"), e.getMessage());
    }

    @Test
    void everyPresetParsesAndNamesAReadyMethod() throws ConfigException {
        for (Preset preset : Preset.values()) {
            AgentConfig config = OptionsParser.parse("preset=" + preset.presetName());
            assertTrue(config.ready() != null && !config.watchPoints().isEmpty(), preset.presetName());
        }
    }

    @Test
    void withoutReadyOrPresetTheErrorMentionsPresets() {
        ConfigException e = assertThrows(ConfigException.class, () -> OptionsParser.parse("stall=5s"));
        assertTrue(e.getMessage().contains("preset=<name>"), e.getMessage());
    }
}
