package io.github.sdwatchdog.suggest;

import com.sun.tools.attach.VirtualMachine;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/**
 * A JVM attached through the JDK's attach API (same user), asked only for thread dumps: the attach
 * listener's {@code threaddump} command, what {@code jstack} runs. Nothing is loaded into the target.
 * {@code remoteDataDump} is public on {@code sun.tools.attach.HotSpotVirtualMachine}, which jdk.attach does
 * not export: the agent jar's manifest exports it for {@code java -jar}.
 */
final class AttachedJvm implements AutoCloseable {
    private final VirtualMachine vm;
    private final Method dump;

    private AttachedJvm(VirtualMachine vm, Method dump) {
        this.vm = vm;
        this.dump = dump;
    }

    static AttachedJvm attach(long pid) throws Exception {
        Method dump;
        try {
            dump = Class.forName("sun.tools.attach.HotSpotVirtualMachine").getMethod("remoteDataDump", Object[].class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this JDK has no HotSpot attach (" + e + ")");
        }
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        return new AttachedJvm(vm, dump);
    }

    String threadDump() throws Exception {
        try (InputStream in = (InputStream) dump.invoke(vm, (Object) new Object[0])) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                text.write(buffer, 0, n);
            }
            return new String(text.toByteArray(), StandardCharsets.UTF_8);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read thread dumps: run it as java -jar sd-watchdog-agent.jar suggest "
                    + "(its manifest exports jdk.attach/sun.tools.attach), or add --add-exports "
                    + "jdk.attach/sun.tools.attach=ALL-UNNAMED", e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    @Override
    public void close() throws Exception {
        vm.detach();
    }
}
