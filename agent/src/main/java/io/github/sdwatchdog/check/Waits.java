package io.github.sdwatchdog.check;

import net.bytebuddy.jar.asm.Opcodes;

/** Calls that wait, as class files name them (owner in internal form, method name, descriptor). */
final class Waits {
    /** Why an untimed wait may never end, or null: a wait with a timeout returns. */
    static String untimed(int opcode, String owner, String name, String descriptor) {
        boolean instance = opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKEINTERFACE;
        if (instance && name.equals("wait") && descriptor.equals("()V")) {
            return "waits until another thread notifies";
        }
        if (instance && name.equals("join") && descriptor.equals("()V")) {
            return "waits until a thread ends";
        }
        if (name.equals("await") && descriptor.startsWith("()")) {
            return "waits for a latch, condition or shutdown command";
        }
        if (owner.equals("java/util/concurrent/locks/LockSupport")
                && (descriptor.equals("()V") || descriptor.equals("(Ljava/lang/Object;)V"))) {
            return "parks until another thread unparks it";
        }
        if (name.equals("accept") && (owner.equals("java/net/ServerSocket")
                || owner.equals("java/nio/channels/ServerSocketChannel"))) {
            return "waits for a connection";
        }
        return null;
    }

    /** A wait for a state another thread sets, which the idiom puts in a loop: while (!ready) condition.await(). */
    static boolean isGuardable(String owner, String name) {
        return name.equals("wait") && owner.equals("java/lang/Object")
                || name.equals("await") && owner.startsWith("java/util/concurrent/locks/")
                || owner.equals("java/util/concurrent/locks/LockSupport");
    }

    /**
     * A call a loop makes to wait for its next item: a queue's take or poll (the JDK's or a pool's own), a
     * selector's select, accept, a pool's own park (JBoss Threads), getTask (Tomcat, Grizzly, JBoss Threads),
     * takeTask (Netty) or idleJobPoll (Jetty). Object#wait, a condition's await and LockSupport in a loop are the
     * guarded-wait idiom, which a per-request method may use too: not counted.
     */
    static boolean forWork(String owner, String name) {
        boolean queue = (owner.contains("Queue") || owner.contains("Deque"))
                && (name.startsWith("take") || name.startsWith("poll") || name.equals("transfer"));
        boolean select = name.equals("select") || name.equals("doSelect") || name.equals("epollWait");
        boolean accept = name.equals("accept") && (owner.contains("ServerSocket") || owner.contains("Acceptor"));
        boolean parks = name.startsWith("park") && !owner.startsWith("java/");
        boolean poolsOwn = name.equals("getTask") || name.equals("takeTask") || name.equals("idleJobPoll");
        return queue || select || accept || parks || poolsOwn;
    }

    private Waits() {
    }
}
