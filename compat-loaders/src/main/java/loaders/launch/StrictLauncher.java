package loaders.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

/**
 * Runs the service's main class in a strict class loader: {@code java.*} from the platform loader, the
 * classes of its own jar, nothing else. With {@code refuse-bridge} it is also pathological: it refuses the
 * one name {@code java.lang.SdWatchdogBridge}, as no sound loader would.
 *
 *   java -cp compat-loaders.jar loaders.launch.StrictLauncher strict|refuse-bridge SERVICE.jar MAIN_CLASS
 */
public final class StrictLauncher {
    static final String REFUSED = "java.lang.SdWatchdogBridge";

    public static void main(String[] args) throws Throwable {
        ClassLoader loader = new StrictLoader(readClasses(args[1]), args[0].equals("refuse-bridge"));
        Class.forName(args[2], true, loader).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
    }

    private static Map<String, byte[]> readClasses(String jar) throws IOException {
        Map<String, byte[]> classes = new HashMap<>();
        try (JarInputStream in = new JarInputStream(Files.newInputStream(Paths.get(jar)))) {
            for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
                String name = entry.getName();
                if (name.endsWith(".class")) {
                    classes.put(name.substring(0, name.length() - 6).replace('/', '.'), in.readAllBytes());
                }
            }
        }
        return classes;
    }

    static final class StrictLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> classes;
        private final boolean refuseBridge;

        StrictLoader(Map<String, byte[]> classes, boolean refuseBridge) {
            super("strict", null);
            this.classes = classes;
            this.refuseBridge = refuseBridge;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (refuseBridge && name.equals(REFUSED)) {
                throw new ClassNotFoundException(name + " is refused by this loader");
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> type = findLoadedClass(name);
                if (type == null) {
                    type = name.startsWith("java.") ? ClassLoader.getPlatformClassLoader().loadClass(name) : findClass(name);
                }
                if (resolve) {
                    resolveClass(type);
                }
                return type;
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name + " (this loader sees java.* and its own jar only)");
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }

    private StrictLauncher() {
    }
}
