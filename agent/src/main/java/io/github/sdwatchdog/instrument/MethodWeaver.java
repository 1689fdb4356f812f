package io.github.sdwatchdog.instrument;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Weaves calls to the bridge into the configured methods of one class, with Byte Buddy's bundled ASM.
 * A plain visitor costs milliseconds where {@code AgentBuilder} and {@code Advice} cost hundreds, and
 * every millisecond here is paid at the start of every service.
 *
 * <ul>
 *   <li>watched method (progress or heartbeat): {@code WatchdogBridge.enter(index)} at entry and
 *       {@code exit(index)} before each return and when a throwable leaves the method;</li>
 *   <li>ready method: {@code startupEntered()} at entry, {@code startupReturned()} before each normal return, and {@code startupThrew(t)}
 *       when a throwable leaves it.</li>
 * </ul>
 * Throwables are seen by one handler around the whole body that rethrows. It is registered last, so
 * the method's own handlers still catch first.
 */
final class MethodWeaver extends ClassVisitor {
    static final String BRIDGE = "io/github/sdwatchdog/bridge/WatchdogBridge";

    private final ClassTargets targets;
    private int classVersion;
    private int woven;

    MethodWeaver(ClassVisitor next, ClassTargets targets) {
        super(Opcodes.ASM9, next);
        this.targets = targets;
    }

    int wovenMethods() {
        return woven;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        classVersion = version & 0xFFFF;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        if (!WeavingRule.isWoven(access, name)) {
            return next;
        }
        boolean ready = targets.isReady(name);
        int progressIndex = targets.progressIndex(name);
        if (!ready && progressIndex < 0) {
            return next;
        }
        woven++;
        return new Woven(next, ready, progressIndex, classVersion >= Opcodes.V1_6);
    }

    private static final class Woven extends MethodVisitor {
        private final boolean ready;
        private final int progressIndex;
        private final boolean writesFrames;
        private final Label bodyStart = new Label();

        Woven(MethodVisitor next, boolean ready, int progressIndex, boolean writesFrames) {
            super(Opcodes.ASM9, next);
            this.ready = ready;
            this.progressIndex = progressIndex;
            this.writesFrames = writesFrames;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (progressIndex >= 0) {
                pushIndex();
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "enter", "(I)V", false);
            }
            if (ready) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "startupEntered", "()V", false);
            }
            super.visitLabel(bodyStart);
        }

        private void pushIndex() {
            super.visitIntInsn(Opcodes.BIPUSH, progressIndex);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                if (progressIndex >= 0) {
                    pushIndex();
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "exit", "(I)V", false);
                }
                if (ready) {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "startupReturned", "()V", false);
                }
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            Label bodyEnd = new Label();
            Label handler = new Label();
            super.visitLabel(bodyEnd);
            super.visitTryCatchBlock(bodyStart, bodyEnd, handler, "java/lang/Throwable");
            super.visitLabel(handler);
            if (writesFrames) {
                super.visitFrame(Opcodes.F_NEW, 0, new Object[0], 1, new Object[] {"java/lang/Throwable"});
            }
            if (progressIndex >= 0) {
                pushIndex();
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "exit", "(I)V", false);
            }
            if (ready) {
                super.visitInsn(Opcodes.DUP);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "startupThrew", "(Ljava/lang/Throwable;)V", false);
            }
            super.visitInsn(Opcodes.ATHROW);
            // the handler needs one more stack slot than the body may have: the index pushed over the throwable
            super.visitMaxs(Math.max(maxStack, 2), maxLocals);
        }
    }
}
