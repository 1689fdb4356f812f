package io.github.sdwatchdog.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ready=http:<port>[/<path>], and neither it nor ready=listen: may wait on the agent's own probe port. */
class ReadyOptionTest {
    private static final String EXPECTED = "; expected http:<port>[/<path>] with a port 1-65535, such as"
            + " http:8080/health/ready (asked as http://127.0.0.1:8080/health/ready)";

    @Test
    void httpNamesAPortAndAPathOnLoopback() throws ConfigException {
        AgentConfig config = OptionsParser.parse("ready=http:8080/health/ready,progress=a.L#t");
        ReadyUrl url = config.readyUrl().orElseThrow();
        assertNull(config.ready());
        assertTrue(config.readyPorts().isEmpty());
        assertEquals(8080, url.port());
        assertEquals("/health/ready", url.path());
        assertEquals("http://127.0.0.1:8080/health/ready", url.toString());
        assertEquals("http:8080/health/ready", config.readyDescription());
        assertTrue(config.describe().startsWith("ready=http:8080/health/ready, progress=a.L#t"), config.describe());
    }

    @Test
    void aPortAloneAsksForTheRootAndTheUsualHealthPathsAreAccepted() throws ConfigException {
        ReadyUrl root = OptionsParser.parse("ready=http:1").readyUrl().orElseThrow();
        assertEquals("/", root.path());
        assertEquals("http:1", OptionsParser.parse("ready=http:1").readyDescription());
        assertEquals("http://127.0.0.1:65535/", OptionsParser.parse("ready=http:65535/").readyUrl().orElseThrow().toString());
        for (String path : new String[] {"/actuator/health/readiness", "/q/health/ready", "/health/ready?full=1&x=%20y",
                "/~user/a-b_c.d/e:f@g!$'()*+;="}) {
            assertEquals(path, OptionsParser.parse("ready=http:8080" + path).readyUrl().orElseThrow().path());
        }
        assertTrue(OptionsParser.parse("ready=a.B#c").readyUrl().isEmpty());
        assertTrue(OptionsParser.parse("ready=listen:80").readyUrl().isEmpty());
    }

    @Test
    void aPathWithACommaCanBeGivenInAConfigFile(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("agent.conf"), List.of("ready=http:8080/health?checks=db,disk"),
                StandardCharsets.UTF_8);
        assertEquals("/health?checks=db,disk", OptionsParser.parse("config=" + file).readyUrl().orElseThrow().path());
    }

    @Test
    void httpErrorsSayWhatIsWrong() {
        assertMessage("ready=http:", "option 'ready' in the agent arguments: 'http:' has no valid port" + EXPECTED);
        assertMessage("ready=http:0/x", "'http:0/x' has no valid port" + EXPECTED);
        assertMessage("ready=http:65536", "'http:65536' has no valid port");
        assertMessage("ready=http:/health", "'http:/health' has no valid port");
        assertMessage("ready=http:80a/health", "'http:80a/health' has no valid port");
        assertMessage("ready=http://127.0.0.1:8080/health",
                "'http://127.0.0.1:8080/health': name the port and path only, the agent always asks 127.0.0.1" + EXPECTED);
        assertMessage("ready=http:8080/he alth", "'http:8080/he alth': ' ' cannot be in a URL path; percent-encode it" + EXPECTED);
        assertMessage("ready=http:8080/h\u00e9", "'\u00e9' cannot be in a URL path; percent-encode it");
        assertMessage("ready=http:8080/a\"b", "'\"' cannot be in a URL path");
        assertMessage("ready=http:8080/ready#top", "'http:8080/ready#top': a fragment ('#') is never sent" + EXPECTED);
    }

    @Test
    void neitherWaitMayNameTheAgentsOwnProbePort() {
        String why = ", where the agent's own probe server listens (option 'http' in the agent arguments), so READY would"
                + " not wait for the service; give 'http' a port the service does not use";
        assertMessage("ready=http:8558/health,http=8558", "option 'ready' in the agent arguments: 'http:8558/health'"
                + " waits for port 8558" + why);
        assertMessage("ready=listen:8080+8558,http=127.0.0.1:8558", "'listen:8080+8558' waits for port 8558" + why);
        assertMessage("ready=listen:8558,http=[::1]:8558", "waits for port 8558");
    }

    @Test
    void theProbePortMayDifferFromTheAwaitedOnes() throws ConfigException {
        assertEquals(8558, OptionsParser.parse("ready=http:8080/health,http=8558").http().orElseThrow().port());
        assertEquals(8558, OptionsParser.parse("ready=listen:8080+8443,http=8558").http().orElseThrow().port());
    }

    private static void assertMessage(String options, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> OptionsParser.parse(options));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
