package io.github.sdwatchdog.agent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.security.cert.Certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InternalClassLoaderTest {
    private static CodeSource at(String url) throws IOException {
        return new CodeSource(new URL(url), (Certificate[]) null);
    }

    @Test
    void theJvmsJavaagentNamesAFile() throws Exception {
        assertEquals(Paths.get("/opt/sd watchdog/agent.jar"), InternalClassLoader.agentJar(at("file:/opt/sd%20watchdog/agent.jar")));
    }

    @Test
    void jbossModulesLoadingTheAgentNamesTheJarsRoot() throws Exception {
        assertEquals(Paths.get("/opt/sd watchdog/agent.jar"),
                InternalClassLoader.agentJar(at("jar:file:/opt/sd%20watchdog/agent.jar!/")));
    }

    @Test
    void aJarThatIsNotAFileIsRefusedWithWhatToDoInstead() throws Exception {
        IOException refused = assertThrows(IOException.class,
                () -> InternalClassLoader.agentJar(at("jar:file:/srv/app.war!/WEB-INF/lib/agent.jar!/")));
        assertTrue(refused.getMessage().contains("jar:file:/srv/app.war!/WEB-INF/lib/agent.jar!/")
                && refused.getMessage().contains("the JVM's own -javaagent:"), refused.getMessage());
        assertThrows(IOException.class, () -> InternalClassLoader.agentJar(null));
    }
}
