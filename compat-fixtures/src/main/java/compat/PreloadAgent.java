package compat;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;

/**
 * A first agent, listed before the watchdog agent, so that agent finds classes already loaded, or
 * already running. Its argument is a ';'-separated list: a class name loads and initialises that class;
 * {@code Class#method} also starts a daemon thread calling that static method every 20 ms.
 */
public final class PreloadAgent {
    public static void premain(String arguments, Instrumentation instrumentation) throws Exception {
        for (String item : arguments.split(";")) {
            int hash = item.indexOf('#');
            String className = hash < 0 ? item : item.substring(0, hash);
            Class<?> type = Class.forName(className, true, ClassLoader.getSystemClassLoader());
            System.out.println("preload-agent: loaded " + className);
            if (hash >= 0) {
                Method method = type.getMethod(item.substring(hash + 1));
                method.invoke(null); // running before the watchdog agent starts
                Thread caller = new Thread(() -> {
                    while (true) {
                        try {
                            method.invoke(null);
                            Thread.sleep(20);
                        } catch (ReflectiveOperationException e) {
                            throw new IllegalStateException(e);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "preload-agent-caller");
                caller.setDaemon(true);
                caller.start();
                System.out.println("preload-agent: calling " + item);
            }
        }
    }

    private PreloadAgent() {
    }
}
