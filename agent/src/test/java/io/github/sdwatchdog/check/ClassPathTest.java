package io.github.sdwatchdog.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What check --classpath reads: java's own wildcard, and the entries it cannot read, each named. */
class ClassPathTest {
    @TempDir
    Path dir;

    private static byte[] jar(String... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String entry : entries) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void aWildcardReadsEveryJarOfTheDirectoryAsJavaDoes() throws Exception {
        Path lib = Files.createDirectory(dir.resolve("lib"));
        Files.write(lib.resolve("a.jar"), jar("com/acme/A.class"));
        Files.write(lib.resolve("B.JAR"), jar("com/acme/B.class"));
        Files.write(lib.resolve("C.class"), new byte[] {1});
        Files.createDirectory(lib.resolve("sub"));
        Files.write(lib.resolve("sub/d.jar"), jar("com/acme/D.class"));
        ClassPath path = ClassPath.read(lib + "/*", Set.of("com.acme.A", "com.acme.B"));
        assertNotNull(path.find("com.acme.A"));
        assertNotNull(path.find("com.acme.B"));
        assertEquals(Set.of("com.acme.A", "com.acme.B"), path.names());
    }

    @Test
    void aWildcardThatMatchesNoJarAndAnEmptyClassPathSaySo() throws Exception {
        Path classes = Files.createDirectory(dir.resolve("classes"));
        IOException noJar = assertThrows(IOException.class, () -> ClassPath.read(classes + "/*", Set.of("a.B")));
        assertTrue(noJar.getMessage().contains("matches no jar"), noJar.getMessage());
        IOException empty = assertThrows(IOException.class, () -> ClassPath.read("", Set.of("a.B")));
        assertTrue(empty.getMessage().startsWith("the class path is empty"), empty.getMessage());
        IOException colons = assertThrows(IOException.class, () -> ClassPath.read("::", Set.of("a.B")));
        assertTrue(colons.getMessage().startsWith("the class path is empty"), colons.getMessage());
    }

    @Test
    void aBrokenNestedJarIsNamedNotSkipped() throws Exception {
        Path fat = dir.resolve("app.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(fat))) {
            zip.putNextEntry(new ZipEntry("BOOT-INF/lib/good.jar"));
            zip.write(jar("com/acme/Good.class"));
            zip.putNextEntry(new ZipEntry("BOOT-INF/lib/broken.jar"));
            zip.write("this is not a jar".getBytes());
        }
        IOException broken = assertThrows(IOException.class, () -> ClassPath.read(fat.toString(), Set.of("com.acme.Good")));
        assertTrue(broken.getMessage().startsWith("nested jar '" + fat + "!/BOOT-INF/lib/broken.jar' cannot be read: "),
                broken.getMessage());
    }
}
