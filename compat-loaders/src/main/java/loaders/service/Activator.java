package loaders.service;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Runs the service as an OSGi bundle, on a thread of its own as bundles do. */
public final class Activator implements BundleActivator {
    private Thread service;

    @Override
    public void start(BundleContext context) {
        service = new Thread(() -> {
            try {
                Service.main(new String[0]);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }, "service");
        service.start();
    }

    @Override
    public void stop(BundleContext context) {
        service.interrupt();
    }
}
