package io.github.sdwatchdog.instrument;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.Set;
import java.util.TreeSet;

/** Records, in the same pass as the weaving, which methods a class declares and which of them have a body. */
final class MethodInventory extends ClassVisitor {
    private final Set<String> declared = new TreeSet<>();
    private final Set<String> withBody = new TreeSet<>();

    MethodInventory(ClassVisitor next) {
        super(Opcodes.ASM9, next);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        if (WeavingRule.isNameable(access, name)) {
            declared.add(name);
            if (WeavingRule.hasBody(access)) {
                withBody.add(name);
            }
        }
        return super.visitMethod(access, name, descriptor, signature, exceptions);
    }

    Set<String> declared() {
        return declared;
    }

    boolean hasBody(String name) {
        return withBody.contains(name);
    }
}
