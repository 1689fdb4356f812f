package io.github.sdwatchdog.check;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * The classes of a class path as {@code check --classpath} sees them, read as bytes and never loaded:
 * directories, jars, and a Spring Boot fat jar's BOOT-INF/classes and BOOT-INF/lib/*.jar (a war's WEB-INF
 * likewise). Keeps the bytes of the wanted classes (the first occurrence, as a class loader would) and the
 * names of all, for suggestions.
 */
final class ClassPath {
    private static final String[] CLASS_DIRS = {"BOOT-INF/classes/", "WEB-INF/classes/"};
    private static final String[] LIB_DIRS = {"BOOT-INF/lib/", "WEB-INF/lib/", "WEB-INF/lib-provided/"};

    /** A wanted class: its bytes and where they came from. */
    static final class Found {
        final byte[] bytes;
        final String location;

        Found(byte[] bytes, String location) {
            this.bytes = bytes;
            this.location = location;
        }
    }

    private final Set<String> wanted;
    private final Map<String, Found> found = new LinkedHashMap<>();
    private final Set<String> names = new TreeSet<>();

    private ClassPath(Set<String> wanted) {
        this.wanted = wanted;
    }

    /**
     * Reads the entries ({@code :}-separated, {@code dir/*} for every jar in dir as java reads it); an entry that
     * does not exist or cannot be read, a wildcard that matches no jar and an empty class path are IOExceptions
     * that say which.
     */
    static ClassPath read(String classPath, Set<String> wantedClasses) throws IOException {
        ClassPath path = new ClassPath(wantedClasses);
        List<Path> files = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                files.addAll(expand(entry));
            }
        }
        if (files.isEmpty()) {
            throw new IOException("the class path is empty: give the service's jars and class directories separated by '"
                    + File.pathSeparator + "', or dir/* for every jar in a directory");
        }
        for (Path file : files) {
            if (Files.isDirectory(file)) {
                path.directory(file);
            } else if (Files.isRegularFile(file)) {
                path.jar(file);
            } else {
                throw new IOException("class path entry '" + file + "' does not exist");
            }
        }
        return path;
    }

    /** An entry as java reads it: {@code dir/*} (or {@code *}) is every .jar and .JAR file in dir, not its subdirectories. */
    private static List<Path> expand(String entry) throws IOException {
        if (!entry.equals("*") && !entry.endsWith(File.separator + "*")) {
            return List.of(Paths.get(entry));
        }
        Path dir = Paths.get(entry.length() == 1 ? "." : entry.substring(0, entry.length() - 2));
        if (!Files.isDirectory(dir)) {
            throw new IOException("class path entry '" + entry + "': directory '" + dir + "' does not exist");
        }
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(file -> (file.toString().endsWith(".jar") || file.toString().endsWith(".JAR"))
                    && Files.isRegularFile(file)).sorted().forEach(jars::add);
        }
        if (jars.isEmpty()) {
            throw new IOException("class path entry '" + entry + "' matches no jar: directory '" + dir
                    + "' has no .jar file (java's wildcard takes jars only, not classes or subdirectories)");
        }
        return jars;
    }

    Found find(String className) {
        return found.get(className);
    }

    Set<String> names() {
        return names;
    }

    private void directory(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String relative = root.relativize(file).toString().replace('\\', '/');
                if (relative.endsWith(".class")) {
                    String name = className(relative);
                    if (name != null && add(name) && wanted.contains(name)) {
                        found.put(name, new Found(Files.readAllBytes(file), file.toString()));
                    }
                }
            }
        }
    }

    private void jar(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (isNestedJar(name)) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        nestedJar(new ZipInputStream(in), file + "!/" + name);
                    } catch (IOException e) {
                        throw new IOException("nested jar '" + file + "!/" + name + "' cannot be read: " + e.getMessage(), e);
                    }
                } else if (name.endsWith(".class")) {
                    String className = className(name);
                    if (className != null && add(className) && wanted.contains(className)) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            found.put(className, new Found(in.readAllBytes(), file + "!/" + name));
                        }
                    }
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException("class path entry '" + file + "' is not a jar: " + e.getMessage());
        }
    }

    /** A jar in a jar, read as a stream; one with no entry at all is not a jar (a stream of garbage reads as empty). */
    private void nestedJar(ZipInputStream zip, String location) throws IOException {
        ZipEntry first = zip.getNextEntry();
        if (first == null) {
            throw new IOException("it has no entries: a broken or empty jar");
        }
        for (ZipEntry entry = first; entry != null; entry = zip.getNextEntry()) {
            String name = entry.getName();
            if (name.endsWith(".class")) {
                String className = className(name);
                if (className != null && add(className) && wanted.contains(className)) {
                    found.put(className, new Found(readAll(zip), location + "!/" + name));
                }
            }
        }
    }

    /** True the first time a class name is seen. */
    private boolean add(String className) {
        return names.add(className) && !found.containsKey(className);
    }

    private static boolean isNestedJar(String name) {
        if (!name.endsWith(".jar")) {
            return false;
        }
        for (String dir : LIB_DIRS) {
            if (name.startsWith(dir) && name.indexOf('/', dir.length()) < 0) {
                return true;
            }
        }
        return false;
    }

    /** The binary class name of an entry, or null for module-info, package-info and multi-release variants. */
    private static String className(String entry) {
        String name = entry;
        for (String dir : CLASS_DIRS) {
            if (name.startsWith(dir)) {
                name = name.substring(dir.length());
            }
        }
        if (name.startsWith("META-INF/") || name.endsWith("module-info.class") || name.endsWith("package-info.class")) {
            return null;
        }
        return name.substring(0, name.length() - ".class".length()).replace('/', '.');
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
