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
 * them: {@link WeavingRule}), which have a body, and the bodies of one method name (every overload), for the
 * reasons a ready method may never return or a progress method is a loop that waits for work.
 */
final class ClassShape extends ClassVisitor {
    private final String scanned; // the method whose bodies are read
    private final Set<String> declared = new TreeSet<>();
    private final Set<String> withBody = new TreeSet<>();
    private final List<MethodBody> bodies = new ArrayList<>();

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
        if (hasBody && name.equals(scanned)) {
            MethodBody body = new MethodBody(name + descriptor);
            bodies.add(body);
            return body;
        }
        return null;
    }

    Set<String> declared() {
        return declared;
    }

    boolean hasBody(String method) {
        return withBody.contains(method);
    }

    /** Why the scanned method may never return, one reason per finding; empty when nothing was found. */
    List<String> neverReturns() {
        List<String> reasons = new ArrayList<>();
        for (MethodBody body : bodies) {
            reasons.addAll(body.neverReturns());
        }
        return reasons;
    }

    /** True if an overload of the scanned method waits for work or runs a task. */
    boolean dispatches() {
        for (MethodBody body : bodies) {
            if (body.dispatches()) {
                return true;
            }
        }
        return false;
    }

    /** Why the scanned method is a loop that waits for work, one reason per overload that is; empty if none is. */
    List<String> waitsForWork() {
        List<String> reasons = new ArrayList<>();
        for (MethodBody body : bodies) {
            String reason = body.waitsForWork();
            if (reason != null) {
                reasons.add(reason);
            }
        }
        return reasons;
    }
}
