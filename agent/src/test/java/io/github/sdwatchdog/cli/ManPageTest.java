package io.github.sdwatchdog.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged man page is ManPage.render(), word for word: the options and presets of --help and the README. */
class ManPageTest {
    private static final Path PACKAGED = Paths.get("../packaging/src/deb/man/sd-watchdog.1");

    @Test
    void packagedManPageIsTheGeneratedOne() throws IOException {
        String expected = ManPage.render();
        String packaged = Files.exists(PACKAGED) ? new String(Files.readAllBytes(PACKAGED), StandardCharsets.UTF_8) : "";
        if (!expected.equals(packaged)) {
            Path fresh = Paths.get("target/sd-watchdog.1");
            Files.createDirectories(fresh.getParent());
            Files.write(fresh, expected.getBytes(StandardCharsets.UTF_8));
            assertEquals(expected, packaged, PACKAGED + " differs from ManPage.render(); copy agent/" + fresh
                    + " (just written) over it");
        }
    }

    @Test
    void everyOptionAndPresetIsInIt() {
        String page = ManPage.render();
        for (io.github.sdwatchdog.config.Option option : io.github.sdwatchdog.config.Option.values()) {
            assertTrue(page.contains("\\fB" + option.key().replace("-", "\\-") + "\\fR="), option.key());
        }
        for (io.github.sdwatchdog.config.Preset preset : io.github.sdwatchdog.config.Preset.values()) {
            assertTrue(page.contains("\\fB" + preset.presetName().replace("-", "\\-") + "\\fR"), preset.presetName());
        }
    }
}
