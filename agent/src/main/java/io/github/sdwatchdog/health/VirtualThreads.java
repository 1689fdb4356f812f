package io.github.sdwatchdog.health;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.AbstractOwnableSynchronizer;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * What ThreadMXBean cannot see: virtual threads (JDK 21+). They are listed from the JDK's thread
 * containers (every one, unless the service runs with {@code -Djdk.trackAllThreads=false}, which leaves
 * out those started outside an executor), and a wait-for graph is built from what each one waits on
 * without a timeout: the owner of the {@code java.util.concurrent} lock it is parked on, and on JDK 24+,
 * where a virtual thread can block on a monitor, the virtual thread that holds that monitor (from the
 * JDK's own thread snapshots). Both need {@code jdk.internal.vm} and {@code java.util.concurrent.locks}
 * opened to the agent, which {@code install.JdkAccess} does; without that, or on JDK 17, this finds nothing
 * and says so once.
 */
final class VirtualThreads {
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private final Method root;
    private final Method threads;
    private final Method children;
    private final Method ownerOf;
    private final Method snapshot;
    private final Method blockedOn;
    private final Method snapshotStack;
    private final Method ownedMonitorsAt;
    private final String unavailable;

    VirtualThreads() {
        Method rootM = null, threadsM = null, childrenM = null, ownerM = null;
        Method snapshotM = null, blockedOnM = null, stackM = null, ownedM = null;
        String why = null;
        if (IS_VIRTUAL == null) {
            why = "this JDK has no virtual threads";
        } else {
            try {
                Class<?> containers = Class.forName("jdk.internal.vm.ThreadContainers");
                Class<?> container = Class.forName("jdk.internal.vm.ThreadContainer");
                rootM = containers.getMethod("root");
                threadsM = container.getMethod("threads");
                childrenM = container.getMethod("children");
                ownerM = AbstractOwnableSynchronizer.class.getDeclaredMethod("getExclusiveOwnerThread");
                ownerM.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                why = "virtual threads cannot be listed (" + e + ")";
            }
            try {
                Class<?> snapshots = Class.forName("jdk.internal.vm.ThreadSnapshot");
                snapshotM = accessible(snapshots.getDeclaredMethod("of", Thread.class));
                blockedOnM = accessible(snapshots.getDeclaredMethod("blockedOn"));
                stackM = accessible(snapshots.getDeclaredMethod("stackTrace"));
                ownedM = accessible(snapshots.getDeclaredMethod("ownedMonitorsAt", int.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                snapshotM = null; // before JDK 24 a virtual thread blocked on a monitor pins its carrier, which ThreadMXBean sees
            }
        }
        root = rootM;
        threads = threadsM;
        children = childrenM;
        ownerOf = ownerM;
        snapshot = snapshotM;
        blockedOn = blockedOnM;
        snapshotStack = stackM;
        ownedMonitorsAt = ownedM;
        unavailable = why;
    }

    private static Method accessible(Method method) {
        method.setAccessible(true);
        return method;
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable e) {
            return false;
        }
    }

    /** Why virtual-thread deadlocks cannot be found here, or null if they can. */
    String unavailable() {
        return unavailable;
    }

    /** Every live virtual thread, from the root thread container down. */
    List<Thread> list() {
        List<Thread> found = new ArrayList<>();
        if (unavailable != null) {
            return found;
        }
        try {
            Deque<Object> pending = new ArrayDeque<>();
            pending.add(root.invoke(null));
            while (!pending.isEmpty()) {
                Object container = pending.poll();
                try (Stream<?> kids = (Stream<?>) children.invoke(container)) {
                    kids.forEach(pending::add);
                }
                try (Stream<?> members = (Stream<?>) threads.invoke(container)) {
                    members.forEach(member -> {
                        Thread thread = (Thread) member;
                        if (isVirtual(thread)) {
                            found.add(thread);
                        }
                    });
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a container that went away while listed: what was found is still worth checking
        }
        return found;
    }

    /** One edge of the wait-for graph: a thread waiting, without a timeout, for a lock another thread holds. */
    static final class Wait {
        final Thread waiter;
        final Object lock;
        final Thread owner;

        Wait(Thread waiter, Object lock, Thread owner) {
            this.waiter = waiter;
            this.lock = lock;
            this.owner = owner;
        }

        String lockName() {
            return name(lock);
        }
    }

    /**
     * The threads in deadlock cycles reached from a virtual thread, each with what it waits for
     * (platform-only cycles are ThreadMXBean's to find). The states, blockers and owners are read one thread
     * at a time, not at one instant, so a cycle counts only if a second read of each member shows the same
     * wait: threads passing between locks do not line up twice. Empty if none.
     */
    Map<Thread, Wait> deadlocked() {
        List<Thread> virtual = list();
        if (virtual.isEmpty()) {
            return new LinkedHashMap<>();
        }
        Map<Object, Thread> monitorOwners = snapshot == null ? null : monitorOwners(virtual);
        Map<Thread, Wait> waits = new LinkedHashMap<>();
        Deque<Thread> pending = new ArrayDeque<>(virtual);
        Set<Thread> seen = new HashSet<>(virtual);
        while (!pending.isEmpty()) {
            Thread thread = pending.poll();
            Wait wait = waitOf(thread, monitorOwners);
            if (wait != null) {
                waits.put(thread, wait);
                if (seen.add(wait.owner)) {
                    pending.add(wait.owner); // a platform owner may wait in the cycle too
                }
            }
        }
        Map<Thread, Wait> again = new LinkedHashMap<>();
        for (Thread member : WaitCycles.members(edges(waits))) {
            Wait first = waits.get(member);
            Wait second = waitOf(member, monitorOwners);
            if (second != null && second.lock == first.lock && second.owner == first.owner) {
                again.put(member, first);
            }
        }
        Map<Thread, Wait> cycles = new LinkedHashMap<>();
        for (Thread member : WaitCycles.members(edges(again))) {
            cycles.put(member, again.get(member));
        }
        return cycles;
    }

    private static Map<Thread, Thread> edges(Map<Thread, Wait> waits) {
        Map<Thread, Thread> edges = new LinkedHashMap<>();
        waits.forEach((waiter, wait) -> edges.put(waiter, wait.owner));
        return edges;
    }

    /**
     * What the thread waits for without a timeout, or null. A timed wait ({@code tryLock(timeout)},
     * TIMED_WAITING) is no edge: it ends by itself, so no cycle through it is a deadlock.
     */
    private Wait waitOf(Thread thread, Map<Object, Thread> monitorOwners) {
        Thread.State state = thread.getState();
        if (state == Thread.State.WAITING) {
            Object blocker = LockSupport.getBlocker(thread);
            if (blocker instanceof AbstractOwnableSynchronizer && ownerOf != null) {
                try {
                    Thread owner = (Thread) ownerOf.invoke(blocker);
                    return owner == null ? null : new Wait(thread, blocker, owner);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return null;
                }
            }
        } else if (state == Thread.State.BLOCKED && monitorOwners != null && isVirtual(thread)) {
            try {
                Object monitor = blockedOn.invoke(snapshot.invoke(null, thread));
                Thread owner = monitor == null ? null : monitorOwners.get(monitor);
                return owner == null ? null : new Wait(thread, monitor, owner);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null; // it moved on between the state and the snapshot
            }
        }
        return null;
    }

    /**
     * Monitors held by the virtual threads that wait without a timeout: only those can be in a cycle, and a
     * snapshot (a handshake and a stack walk) of each of the many parked or sleeping ones would cost more.
     */
    private Map<Object, Thread> monitorOwners(List<Thread> virtual) {
        Map<Object, Thread> owners = new IdentityHashMap<>();
        for (Thread thread : virtual) {
            Thread.State state = thread.getState();
            if (state != Thread.State.BLOCKED && !(state == Thread.State.WAITING
                    && LockSupport.getBlocker(thread) instanceof AbstractOwnableSynchronizer)) {
                continue;
            }
            try {
                Object shot = snapshot.invoke(null, thread);
                if (shot == null) {
                    continue;
                }
                int depth = ((StackTraceElement[]) snapshotStack.invoke(shot)).length;
                for (int d = 0; d < depth; d++) {
                    try (Stream<?> held = (Stream<?>) ownedMonitorsAt.invoke(shot, d)) {
                        held.forEach(monitor -> owners.put(monitor, thread));
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // it ended or moved on; it is in no cycle
            }
        }
        return owners;
    }

    static String name(Object lock) {
        return "<" + lock.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(lock)) + ">";
    }
}
