package io.github.sdwatchdog.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's options table is the parser's, word for word. */
class ReadmeOptionsTableTest {
    @Test
    void readmeTableMatchesTheParser() throws IOException {
        Path readme = Paths.get(System.getProperty("readme", "../README.md"));
        String text = new String(Files.readAllBytes(readme), StandardCharsets.UTF_8);
        String begin = "<!-- options-table:begin -->\n";
        String end = "<!-- options-table:end -->";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        String table = from < 0 || to < 0 ? "(no options table markers in README.md)" : text.substring(from + begin.length(), to);
        assertEquals(Option.markdownTable(), table,
                "README.md's options table differs from the parser's; paste Option.markdownTable() between the markers");
    }
}
