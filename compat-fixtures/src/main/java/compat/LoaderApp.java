package compat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

/**
 * Runs compat.plugin.Plugin (start once, then tick in a loop) loaded by one of these loaders:
 * system (the plugin jar is on the class path), boot (it is on -Xbootclasspath/a), child (a
 * URLClassLoader under the system loader, plugin style), isolated (a URLClassLoader whose parent is the
 * bootstrap loader), nested (classes read from a jar inside a jar, as Spring Boot does).
 *
 *   java -cp compat-fixtures.jar compat.LoaderApp system|boot|child|isolated|nested PLUGIN_JAR OUTER_JAR
 */
public final class LoaderApp {
    public static void main(String[] args) throws Exception {
        ClassLoader loader;
        switch (args[0]) {
            case "system": loader = ClassLoader.getSystemClassLoader(); break;
            case "boot": loader = null; break;
            case "child": loader = new URLClassLoader(new URL[] {Paths.get(args[1]).toUri().toURL()}, LoaderApp.class.getClassLoader()); break;
            case "isolated": loader = new URLClassLoader(new URL[] {Paths.get(args[1]).toUri().toURL()}, null); break;
            case "nested": loader = new NestedJarLoader(args[2], "lib/plugin.jar"); break;
            default: throw new IllegalArgumentException(args[0]);
        }
        Class<?> plugin = Class.forName("compat.plugin.Plugin", true, loader);
        System.out.println("loader-app: Plugin loaded by " + name(plugin.getClassLoader())
                + " whose parent is " + (plugin.getClassLoader() == null ? "-" : name(plugin.getClassLoader().getParent())));
        plugin.getMethod("start").invoke(null);
        Method tick = plugin.getMethod("tick");
        while (true) {
            tick.invoke(null);
            Thread.sleep(20);
        }
    }

    private static String name(ClassLoader loader) {
        return loader == null ? "bootstrap" : loader.getClass().getName();
    }

    /** Defines classes from a jar nested in another jar, read into memory. */
    static final class NestedJarLoader extends ClassLoader {
        private final Map<String, byte[]> classes = new HashMap<>();

        NestedJarLoader(String outerJar, String innerPath) throws IOException {
            super(LoaderApp.class.getClassLoader());
            try (JarFile outer = new JarFile(outerJar)) {
                JarEntry inner = outer.getJarEntry(innerPath);
                try (JarInputStream in = new JarInputStream(outer.getInputStream(inner))) {
                    for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
                        if (entry.getName().endsWith(".class")) {
                            classes.put(entry.getName().replace('/', '.').replace(".class", ""), readAll(in));
                        }
                    }
                }
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }

        private static byte[] readAll(InputStream in) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private LoaderApp() {
    }
}
