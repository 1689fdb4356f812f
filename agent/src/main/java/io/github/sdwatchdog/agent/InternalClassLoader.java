package io.github.sdwatchdog.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
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
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
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
    static final String MODULE = "io.github.sdwatchdog.internal";
    private static final String BRIDGE_PACKAGE = "io.github.sdwatchdog.bridge";

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

    /**
     * The loader of the agent's internals; when the agent runs from unpacked classes (its own unit
     * tests), its own loader. The command-line tools stay out of a module layer, so the jar manifest's
     * {@code Enable-Native-Access: ALL-UNNAMED} covers them.
     */
    static synchronized ClassLoader forAgentJar(boolean inModuleLayer) throws IOException, URISyntaxException {
        if (instance == null) {
            URL location = AgentMain.class.getProtectionDomain().getCodeSource().getLocation();
            Path path = Paths.get(location.toURI());
            if (Files.isDirectory(path)) {
                instance = AgentMain.class.getClassLoader();
            } else {
                InternalClassLoader loader = new InternalClassLoader(new JarFile(path.toFile(), false), location);
                if (inModuleLayer) {
                    loader.defineModuleLayer();
                }
                instance = loader;
            }
        }
        return instance;
    }

    /**
     * Puts the internals in a named module of a layer of their own, so that on JDK 22+ native access
     * can be granted to them alone (see {@code core.NativeAccess}): JNA then loads without the JDK's
     * restricted-method warning, and keeps working once such calls are blocked by default. If the layer
     * cannot be made, they stay in this loader's unnamed module, which works as well, with the warning.
     */
    private void defineModuleLayer() {
        try {
            Set<String> packages = new HashSet<>();
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (name.startsWith(PREFIX) && name.endsWith(CLASS_SUFFIX)) {
                    packages.add(name.substring(PREFIX.length(), name.lastIndexOf('/')).replace('/', '.'));
                }
            }
            packages.remove(BRIDGE_PACKAGE); // defined by the bootstrap loader, never by this one
            ModuleDescriptor descriptor = ModuleDescriptor.newOpenModule(MODULE)
                    .requires("java.instrument").requires("java.management").packages(packages).build();
            ModuleReference reference = new ModuleReference(descriptor, null) {
                @Override
                public ModuleReader open() {
                    throw new UnsupportedOperationException("classes come from InternalClassLoader");
                }
            };
            ModuleFinder finder = new ModuleFinder() {
                @Override
                public Optional<ModuleReference> find(String name) {
                    return MODULE.equals(name) ? Optional.of(reference) : Optional.empty();
                }

                @Override
                public Set<ModuleReference> findAll() {
                    return Collections.singleton(reference);
                }
            };
            Configuration configuration = ModuleLayer.boot().configuration()
                    .resolve(finder, ModuleFinder.of(), Collections.singleton(MODULE));
            final ClassLoader self = this;
            ModuleLayer.Controller controller = ModuleLayer.defineModules(configuration,
                    Collections.singletonList(ModuleLayer.boot()), new Function<String, ClassLoader>() {
                        @Override
                        public ClassLoader apply(String module) {
                            return self;
                        }
                    });
            controller.layer().findModule(MODULE).orElseThrow();
        } catch (Exception | LinkageError e) {
            System.err.println("<6>sd-watchdog: internals stay in an unnamed module (" + e + ")");
        }
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
    protected URL findResource(String moduleName, String name) {
        return moduleName == null || MODULE.equals(moduleName) ? findResource(name) : null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }
}
