package io.github.sdwatchdog.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's internals from {@code inst/**.classdata} entries of the agent jar. The system class
 * loader, which has the jar on its class path, finds nothing there under a class's name, so the
 * application cannot load them, and scanners looking for {@code .class} files do not trip over them.
 * The parent is the platform loader: the internals see the JDK and the bootstrap-defined bridge, and
 * nothing of the application.
 */
final class InternalClassLoader extends ClassLoader {
    static final String PREFIX = "inst/";
    static final String CLASS_SUFFIX = ".classdata";

    static {
        registerAsParallelCapable();
    }

    private static ClassLoader instance;

    private final JarFile jar;
    private final String jarUrl;
    private final ProtectionDomain protectionDomain;

    private InternalClassLoader(JarFile jar, URL location) {
        super("sd-watchdog", ClassLoader.getPlatformClassLoader());
        this.jar = jar;
        this.jarUrl = "jar:" + location + "!/";
        this.protectionDomain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this, null);
    }

    /** The loader of the agent's internals; when the agent runs from unpacked classes (its own unit tests), its own loader. */
    static synchronized ClassLoader forAgentJar() throws IOException, URISyntaxException {
        if (instance == null) {
            URL location = AgentMain.class.getProtectionDomain().getCodeSource().getLocation();
            Path path = Paths.get(location.toURI());
            instance = Files.isDirectory(path) ? AgentMain.class.getClassLoader()
                    : new InternalClassLoader(new JarFile(path.toFile(), false), location);
        }
        return instance;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + CLASS_SUFFIX);
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String packageName = name.substring(0, dot);
            if (getDefinedPackage(packageName) == null) {
                try {
                    definePackage(packageName, null, null, null, null, null, null, null);
                } catch (IllegalArgumentException definedConcurrently) {
                    // another thread defined it first
                }
            }
        }
        return defineClass(name, bytes, 0, bytes.length, protectionDomain);
    }

    @Override
    protected URL findResource(String name) {
        String entryName = PREFIX + (name.endsWith(".class")
                ? name.substring(0, name.length() - ".class".length()) + CLASS_SUFFIX : name);
        if (jar.getJarEntry(entryName) == null) {
            return null;
        }
        try {
            return new URL(jarUrl + entryName);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }
}
