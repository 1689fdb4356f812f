package io.github.sdwatchdog.check;

import io.github.sdwatchdog.instrument.WeavingRule;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code check} needs of one class file, read with ASM: the methods it declares (as the agent weaves
 * them: {@link WeavingRule}), which have a body, and for one method name
 * (the ready method, every overload) the reasons it may never return.
 */
final class ClassShape extends ClassVisitor {
    private final String scanned; // the method whose bodies are scanned; null for none
    private final Set<String> declared = new TreeSet<>();
    private final Set<String> withBody = new TreeSet<>();
    private final List<String> neverReturns = new ArrayList<>();

    private ClassShape(String scanned) {
        super(Opcodes.ASM9);
        this.scanned = scanned;
    }

    static ClassShape read(byte[] bytes, String scannedMethod) {
        ClassShape shape = new ClassShape(scannedMethod);
        new ClassReader(bytes).accept(shape, ClassReader.SKIP_FRAMES);
        return shape;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        if (!WeavingRule.isNameable(access, name)) {
            return null;
        }
        declared.add(name);
        boolean hasBody = WeavingRule.hasBody(access);
        if (hasBody) {
            withBody.add(name);
        }
        return hasBody && name.equals(scanned) ? new BlockingScan(name + descriptor, neverReturns) : null;
    }

    Set<String> declared() {
        return declared;
    }

    boolean hasBody(String method) {
        return withBody.contains(method);
    }

    /** Why the scanned method may never return, one reason per finding; empty when nothing was found. */
    List<String> neverReturns() {
        return neverReturns;
    }
}
