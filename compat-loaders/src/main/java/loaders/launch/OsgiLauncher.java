package loaders.launch;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Embeds whichever OSGi framework is on the class path (Felix or Equinox) the way applications do: with a
 * configuration map of its own that sets only where the framework keeps its bundle cache. No boot delegation,
 * no system packages beyond the framework's defaults, and system properties are not read.
 *
 *   java -cp compat-loaders.jar:FRAMEWORK.jar loaders.launch.OsgiLauncher STORAGE_DIR SERVICE_BUNDLE.jar
 */
public final class OsgiLauncher {
    public static void main(String[] args) throws Exception {
        Iterator<FrameworkFactory> factories = ServiceLoader.load(FrameworkFactory.class).iterator();
        if (!factories.hasNext()) {
            throw new IllegalStateException("no OSGi framework on the class path");
        }
        Map<String, String> configuration = new HashMap<>();
        configuration.put(Constants.FRAMEWORK_STORAGE, args[0]);
        configuration.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        Framework framework = factories.next().newFramework(configuration);
        framework.start();
        System.out.println("osgi-launcher: " + framework.getSymbolicName() + " " + framework.getVersion() + " started");
        Bundle service = framework.getBundleContext().installBundle(Paths.get(args[1]).toUri().toString());
        service.start();
        System.out.println("osgi-launcher: bundle " + service.getSymbolicName() + " started");
        framework.waitForStop(0);
    }

    private OsgiLauncher() {
    }
}
