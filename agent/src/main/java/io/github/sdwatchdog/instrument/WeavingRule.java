package io.github.sdwatchdog.instrument;

import net.bytebuddy.jar.asm.Opcodes;

/**
 * Which methods of a class the agent weaves, and so which a user can name: the one rule that the weaver,
 * its inventory of a loaded class and {@code check}'s reading of class files all apply. Only code the
 * user wrote counts: constructors and initialisers, bridge methods and other synthetic methods (lambda
 * bodies, accessors) are left alone; a generic {@code accept} and its bridge would otherwise count every
 * call twice.
 */
public final class WeavingRule {
    /** Whether a method is one a user can name: not a constructor or initialiser, not compiler-generated. */
    public static boolean isNameable(int access, String name) {
        return name.charAt(0) != '<' && (access & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE)) == 0;
    }

    /** Whether a nameable method has code to weave: not abstract or native. */
    public static boolean hasBody(int access) {
        return (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0;
    }

    /** Whether the agent weaves this method when its name is a target. */
    public static boolean isWoven(int access, String name) {
        return isNameable(access, name) && hasBody(access);
    }

    private WeavingRule() {
    }
}
