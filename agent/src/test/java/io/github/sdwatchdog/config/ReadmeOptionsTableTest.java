package io.github.sdwatchdog.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's options and preset tables are the parser's, word for word. */
class ReadmeOptionsTableTest {
    @Test
    void readmeTableMatchesTheParser() throws IOException {
        assertEquals(Option.markdownTable(), readmeTable("options-table"),
                "README.md's options table differs from the parser's; paste Option.markdownTable() between the markers");
    }

    @Test
    void readmePresetTableMatchesThePresets() throws IOException {
        assertEquals(Preset.markdownTable(), readmeTable("preset-table"),
                "README.md's preset table differs from Preset; paste Preset.markdownTable() between the markers");
    }

    private static String readmeTable(String marker) throws IOException {
        Path readme = Paths.get(System.getProperty("readme", "../README.md"));
        String text = new String(Files.readAllBytes(readme), StandardCharsets.UTF_8);
        String begin = "<!-- " + marker + ":begin -->\n";
        String end = "<!-- " + marker + ":end -->";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        return from < 0 || to < 0 ? "(no " + marker + " markers in README.md)" : text.substring(from + begin.length(), to);
    }
}
