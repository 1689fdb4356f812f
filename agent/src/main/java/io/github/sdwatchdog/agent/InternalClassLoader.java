package io.github.sdwatchdog.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.MalformedURLException;
import java.net.URI;
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
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's internals from {@code inst/**.classdata} entries of the agent jar. The system class
 * loader, which has the jar on its class path, finds nothing there under a class's name, so the
 * application cannot load them, and scanners looking for {@code .class} files do not trip over them.
 * The parent is the platform loader: the internals see the JDK and the bootstrap-defined bridge, and
 * nothing of the application.
 */
final class InternalClassLoader extends ClassLoader implements Supplier<Module> {
    static final String PREFIX = "inst/";
    static final String CLASS_SUFFIX = ".classdata";
    static final String NATIVE_MODULE = "io.github.sdwatchdog.jna";
    private static final String OWN_CLASSES = "io/github/sdwatchdog/";
    /** The build relocates this name with the class to java/lang/, where only this loader's jar has it. */
    private static final String BRIDGE_CLASS_FILE = "io/github/sdwatchdog/bridge/WatchdogBridge.class";
    private static final String NATIVE_LIBRARY_CACHE = "io.github.sdwatchdog.nativelib.NativeLibraryCache";

    static {
        registerAsParallelCapable();
    }

    private static ClassLoader instance;

    private final JarFile jar;
    private final String jarUrl;
    private final ProtectionDomain protectionDomain;
    private boolean nativeLayerTried;
    private Module nativeModule;
    private final Object nativeLibraryLock = new Object();
    private boolean nativeLibraryTried;
    private URL nativeLibrary;

    private InternalClassLoader(JarFile jar, URL location) {
        super("sd-watchdog", ClassLoader.getPlatformClassLoader());
        this.jar = jar;
        this.jarUrl = "jar:" + location + "!/";
        this.protectionDomain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this, null);
    }

    /** The loader of the agent's internals; when the agent runs from unpacked classes (its own unit tests), its own loader. */
    static synchronized ClassLoader forAgentJar() throws IOException, URISyntaxException {
        if (instance == null) {
            Path path = agentJar(AgentMain.class.getProtectionDomain().getCodeSource());
            if (Files.isDirectory(path)) {
                instance = AgentMain.class.getClassLoader();
            } else {
                instance = new InternalClassLoader(new JarFile(path.toFile(), false), path.toUri().toURL());
            }
        }
        return instance;
    }

    /**
     * The agent jar's path. The JVM's {@code -javaagent} names it with a {@code file:} URL; JBoss Modules, when it
     * loads the agent itself (WildFly's {@code MODULE_OPTS=-javaagent:...}), with {@code jar:file:...!/}.
     */
    static Path agentJar(CodeSource source) throws IOException, URISyntaxException {
        String location = source == null || source.getLocation() == null ? "an unknown place" : source.getLocation().toString();
        String file = location.startsWith("jar:file:") && location.endsWith("!/")
                ? location.substring("jar:".length(), location.length() - "!/".length()) : location;
        if (!file.startsWith("file:") || file.contains("!/")) {
            throw new IOException("the agent's classes come from " + location + ", not from a jar file it can open; load it"
                    + " with the JVM's own -javaagent:/path/to/sd-watchdog-agent.jar (for WildFly, in JAVA_OPTS)");
        }
        return Paths.get(new URI(file));
    }

    /**
     * Called by the internals before they touch JNA, off the JVM's startup path (its cost: docs/performance.md):
     * puts JNA and SDNotify's binding in a named module of a layer of their own, so that on JDK 22+
     * native access can be granted to them alone (JEP 472): JNA then loads without the JDK's warning,
     * and keeps working once such calls are blocked by default. Returns that module, or null if it
     * cannot be made; then JNA loads in this loader's unnamed module, which works, with the warning.
     */
    @Override
    public synchronized Module get() {
        if (!nativeLayerTried) {
            nativeLayerTried = true;
            nativeModule = defineNativeModule();
        }
        return nativeModule;
    }

    private Module defineNativeModule() {
        try {
            Set<String> packages = new HashSet<>();
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (name.endsWith(CLASS_SUFFIX) && (name.startsWith(PREFIX + "com/sun/jna/")
                        || name.startsWith(PREFIX + "info/faljse/"))) {
                    packages.add(name.substring(PREFIX.length(), name.lastIndexOf('/')).replace('/', '.'));
                }
            }
            ModuleDescriptor descriptor = ModuleDescriptor.newOpenModule(NATIVE_MODULE).packages(packages).build();
            ModuleReference reference = new ModuleReference(descriptor, null) {
                @Override
                public ModuleReader open() {
                    throw new UnsupportedOperationException("classes come from InternalClassLoader");
                }
            };
            ModuleFinder finder = new ModuleFinder() {
                @Override
                public Optional<ModuleReference> find(String name) {
                    return NATIVE_MODULE.equals(name) ? Optional.of(reference) : Optional.empty();
                }

                @Override
                public Set<ModuleReference> findAll() {
                    return Collections.singleton(reference);
                }
            };
            Configuration configuration = ModuleLayer.boot().configuration()
                    .resolve(finder, ModuleFinder.of(), Collections.singleton(NATIVE_MODULE));
            final ClassLoader self = this;
            ModuleLayer.Controller controller = ModuleLayer.defineModules(configuration,
                    Collections.singletonList(ModuleLayer.boot()), new Function<String, ClassLoader>() {
                        @Override
                        public ClassLoader apply(String module) {
                            return self;
                        }
                    });
            Module module = controller.layer().findModule(NATIVE_MODULE).orElseThrow();
            controller.addReads(module, getUnnamedModule()); // JNA's logging goes to the agent's stand-in
            return module;
        } catch (Exception | LinkageError e) {
            return null;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = jar.getJarEntry(entryName(name.replace('.', '/') + ".class"));
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

    /**
     * The internals' own resources come from the jar first: the parents' lookup opens the JDK's module image,
     * milliseconds on the way to READY (JNA looks up its native library this way), and cannot find them.
     */
    @Override
    public URL getResource(String name) {
        if (name.startsWith(OWN_CLASSES) || name.startsWith("com/sun/jna/") || name.startsWith("info/faljse/")) {
            URL url = findResource(name);
            if (url != null) {
                return url;
            }
        }
        return super.getResource(name);
    }

    /** The agent's own class files straight from the jar, without a jar: URL: premain reads the bridge's. */
    @Override
    public InputStream getResourceAsStream(String name) {
        if ((name.startsWith(OWN_CLASSES) && name.endsWith(".class")) || name.equals(BRIDGE_CLASS_FILE)) {
            JarEntry entry = jar.getJarEntry(entryName(name));
            if (entry != null) {
                try {
                    return jar.getInputStream(entry);
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return super.getResourceAsStream(name);
    }

    @Override
    protected URL findResource(String name) {
        if (name.startsWith("com/sun/jna/") && name.endsWith("/libjnidispatch.so")) {
            return nativeLibrary(PREFIX + name);
        }
        String entryName = entryName(name);
        if (jar.getJarEntry(entryName) == null) {
            return null;
        }
        try {
            return new URL(jarUrl + entryName);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    /**
     * JNA's native library as a file the internals checked no other user can change, or null; never a jar: URL,
     * which JNA would unpack itself wherever its temporary directory is, with the umask's permissions. Found once
     * per JVM: the internals ask before JNA starts (see JnaStartup), and JNA's own lookup gets the same file.
     */
    private URL nativeLibrary(String entryName) {
        synchronized (nativeLibraryLock) {
            if (!nativeLibraryTried) {
                nativeLibraryTried = true;
                try {
                    MethodHandle find = MethodHandles.publicLookup().findStatic(Class.forName(NATIVE_LIBRARY_CACHE, true, this),
                            "find", MethodType.methodType(URL.class, JarFile.class, String.class));
                    nativeLibrary = (URL) find.invokeExact(jar, entryName);
                } catch (Throwable e) {
                    nativeLibrary = null; // JNA then reports its library missing; the agent runs without native access
                }
            }
            return nativeLibrary;
        }
    }

    /** Where the jar keeps a resource of the internals: under inst/, class files as .classdata. */
    private static String entryName(String resourceName) {
        return PREFIX + (resourceName.endsWith(".class")
                ? resourceName.substring(0, resourceName.length() - ".class".length()) + CLASS_SUFFIX : resourceName);
    }

    @Override
    protected URL findResource(String moduleName, String name) {
        return moduleName == null || NATIVE_MODULE.equals(moduleName) ? findResource(name) : null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }
}
