package io.github.sdwatchdog.config;

import java.util.Objects;

/** A method named the JVM way: binary class name (nested classes with '$') and method name, any overload. */
public final class MethodRef {
    private final String className;
    private final String methodName;

    public MethodRef(String className, String methodName) {
        this.className = className;
        this.methodName = methodName;
    }

    public String className() {
        return className;
    }

    /** The class name with '/' separators, as class-file transformers see it. */
    public String internalClassName() {
        return className.replace('.', '/');
    }

    public String methodName() {
        return methodName;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MethodRef
                && ((MethodRef) other).className.equals(className)
                && ((MethodRef) other).methodName.equals(methodName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(className, methodName);
    }

    @Override
    public String toString() {
        return className + "#" + methodName;
    }
}
