package io.github.sdwatchdog.check;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.List;

/**
 * Looks, conservatively, for what makes a ready method never return: a call that waits for something
 * startup itself does not bring about, in its untimed form (Object#wait, Thread#join, any method named await
 * as in CountDownLatch, Condition and Tomcat's Catalina, LockSupport#park, ServerSocket#accept), or no return
 * instruction at all (an endless loop, or a method that always throws). Only the method's own body is read.
 */
final class BlockingScan extends MethodVisitor {
    private final String method;
    private final List<String> reasons;
    private int line = -1;
    private boolean returns;

    BlockingScan(String method, List<String> reasons) {
        super(Opcodes.ASM9);
        this.method = method;
        this.reasons = reasons;
    }

    @Override
    public void visitLineNumber(int line, Label start) {
        this.line = line;
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            returns = true;
        }
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        String blocking = blocking(opcode, owner, name, descriptor);
        if (blocking != null) {
            reasons.add(method + " calls " + owner.replace('/', '.') + "#" + name + (line > 0 ? " (line " + line + ")" : "")
                    + ", which " + blocking);
        }
    }

    @Override
    public void visitEnd() {
        if (!returns) {
            reasons.add(method + " has no return instruction: it ends in an endless loop or always throws");
        }
    }

    /** Only the untimed forms: a wait with a timeout returns. */
    private static String blocking(int opcode, String owner, String name, String descriptor) {
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
}
