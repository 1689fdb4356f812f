package io.github.sdwatchdog.instrument;

import io.github.sdwatchdog.bridge.WatchdogBridge;
import io.github.sdwatchdog.config.MethodRef;
import io.github.sdwatchdog.config.WatchPoint;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The woven bytecode: verified by the JVM, and calling the bridge exactly as the health model needs.
 * The bridge's READY latch is once per JVM, so the throwing case runs before the latching one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MethodWeaverTest {
    private static final String FIXTURE = WeaverFixture.class.getName();

    @Test
    @Order(1)
    void readyAndProgressWeavingKeepsTheMethodsBehaviourAndCallsTheBridge() throws Exception {
        List<Throwable> failures = new ArrayList<>();
        List<String> readies = new ArrayList<>();
        WatchdogBridge.listen(() -> readies.add("ready"), failures::add);

        ClassTargets targets = new ClassTargets();
        targets.addReady("startThrowing");
        targets.addPoint(new WatchPoint(3, WatchPoint.Kind.PROGRESS, new MethodRef(FIXTURE, "tick"), Duration.ofSeconds(1)));
        Class<?> woven = weave(targets);
        Object fixture = woven.getConstructor().newInstance();

        // A throwing ready method: the caller sees the very same exception, the listener sees it too, no READY.
        InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                () -> woven.getMethod("startThrowing", String.class).invoke(fixture, "port in use"));
        assertEquals("port in use", thrown.getCause().getMessage());
        assertEquals(1, failures.size());
        assertSame(thrown.getCause(), failures.get(0));
        assertTrue(readies.isEmpty());

        // Entry and exit on every overload, and on every path out: a return, a throw, a call that never ends yet.
        long before = WatchdogBridge.begun(3);
        woven.getMethod("tick").invoke(fixture);
        assertEquals(2, woven.getMethod("tick", int.class).invoke(fixture, 2));
        assertThrows(InvocationTargetException.class, () -> woven.getMethod("tick", int.class).invoke(fixture, 5));
        assertEquals(before + 3, WatchdogBridge.begun(3));
        assertEquals(0, inFlight(3), "every call that ended, by return or by exception, was counted out");
        assertEquals(1, woven.getField("calls").getInt(null), "the original body still runs");

        Method await = woven.getMethod("tick", java.util.concurrent.CountDownLatch.class,
                java.util.concurrent.CountDownLatch.class);
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread caller = new Thread(() -> {
            try {
                await.invoke(null, inside, release);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
        caller.start();
        inside.await();
        assertEquals(1, inFlight(3), "a call in flight");
        assertSame(caller, WatchdogBridge.lastThread(3, WatchdogBridge.stripeOf(caller.getId())));
        release.countDown();
        caller.join();
        assertEquals(0, inFlight(3));
    }

    @Test
    @Order(2)
    void theMethodsOwnHandlersCatchBeforeTheAgentsAndANormalReturnLatchesReady() throws Exception {
        List<Throwable> failures = new ArrayList<>();
        List<String> readies = new ArrayList<>();
        ClassTargets targets = new ClassTargets();
        targets.addReady("startCatchingInternally");
        Class<?> woven = weave(targets);
        WatchdogBridge.listen(() -> readies.add("ready"), failures::add);

        Method start = woven.getMethod("startCatchingInternally");
        assertEquals(7, start.invoke(woven.getConstructor().newInstance()));
        assertTrue(failures.isEmpty(), "the exception was handled inside the method: " + failures);
        assertEquals(List.of("ready"), readies);
        start.invoke(woven.getConstructor().newInstance());
        assertEquals(List.of("ready"), readies, "READY latches once");
        assertTrue(WatchdogBridge.isReadyLatched());
    }

    private static long inFlight(int point) {
        long[] perStripe = new long[WatchdogBridge.STRIPES];
        WatchdogBridge.inFlight(point, perStripe);
        return java.util.Arrays.stream(perStripe).sum();
    }

    private static Class<?> weave(ClassTargets targets) throws Exception {
        byte[] original;
        try (InputStream in = MethodWeaverTest.class.getResourceAsStream("WeaverFixture.class")) {
            original = in.readAllBytes();
        }
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        MethodWeaver weaver = new MethodWeaver(writer, targets);
        reader.accept(weaver, ClassReader.EXPAND_FRAMES);
        byte[] woven = writer.toByteArray();
        ClassLoader loader = new ClassLoader(MethodWeaverTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(FIXTURE)) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> loaded = findLoadedClass(name);
                        return loaded != null ? loaded : defineClass(name, woven, 0, woven.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        return Class.forName(FIXTURE, true, loader);
    }
}
