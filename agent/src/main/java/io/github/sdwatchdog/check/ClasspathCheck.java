package io.github.sdwatchdog.check;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.ExitStatus;
import io.github.sdwatchdog.config.MethodRef;
import io.github.sdwatchdog.config.WatchPoint;
import io.github.sdwatchdog.instrument.NearestNames;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code check '<options>' --classpath <path>}: confirms, from the class files alone, that every method the
 * options name exists with a body in the class named (what the agent can weave), names the nearest class or
 * method for a typo, and warns when the ready method may never return or a progress or heartbeat method is a
 * loop that idle threads wait in. Exit statuses: 0 the options will work; 78 a class or method is missing or
 * has no body; 3 a warning; 66 a class path entry cannot be read.
 */
public final class ClasspathCheck {
    static final int OK = ExitStatus.OK;
    static final int WARNING = ExitStatus.WARNING;
    static final int CANNOT_READ = ExitStatus.CLASS_PATH_UNREADABLE;
    static final int MISSING = ExitStatus.BAD_OPTIONS;

    public static int run(AgentConfig config, String classPath, PrintStream out, PrintStream err) {
        Map<MethodRef, String> targets = new LinkedHashMap<>(); // method -> option
        if (config.ready() != null) {
            targets.put(config.ready(), "ready");
        }
        for (WatchPoint point : config.watchPoints()) {
            targets.put(point.method(), point.kind().toString());
        }
        Set<String> classes = new LinkedHashSet<>();
        for (MethodRef method : targets.keySet()) {
            classes.add(method.className());
        }
        ClassPath path;
        try {
            path = ClassPath.read(classPath, classes);
        } catch (IOException | RuntimeException e) {
            err.println("cannot read the class path: " + e.getMessage());
            return CANNOT_READ;
        }
        int status = OK;
        for (Map.Entry<MethodRef, String> target : targets.entrySet()) {
            int found = check(target.getKey(), target.getValue(), path, out, err);
            status = status == MISSING || found == MISSING ? MISSING : Math.max(status, found);
        }
        if (config.ready() == null) {
            out.println("ok: ready=" + config.readyDescription() + " needs no class");
        }
        if (status == OK) {
            out.println("the options will work with this class path: " + config.describe());
        }
        return status;
    }

    private static int check(MethodRef method, String option, ClassPath path, PrintStream out, PrintStream err) {
        ClassPath.Found found = path.find(method.className());
        if (found == null) {
            List<String> nearest = new ArrayList<>();
            for (String name : NearestNames.of(method.className(), path.names())) {
                // Among thousands of classes the third nearest is often unrelated: only close ones help.
                String simpleName = method.className().substring(method.className().lastIndexOf('.') + 1);
                if (NearestNames.distance(name.toLowerCase(), method.className().toLowerCase())
                        <= Math.max(2, simpleName.length() / 3)) {
                    nearest.add(name);
                }
            }
            err.println("error: option '" + option + "' names " + method + ", but class " + method.className()
                    + " is not on the class path" + (nearest.isEmpty() ? "" : " (nearest: " + String.join(", ", nearest) + ")"));
            return MISSING;
        }
        boolean ready = option.equals("ready");
        ClassShape shape = ClassShape.read(found.bytes, method.methodName());
        if (!shape.declared().contains(method.methodName())) {
            List<String> nearest = NearestNames.of(method.methodName(), shape.declared());
            err.println("error: option '" + option + "' names " + method + ", but " + method.className()
                    + " declares no method '" + method.methodName() + "'"
                    + (nearest.isEmpty() ? " (it declares no methods)" : " (nearest: " + String.join(", ", nearest) + ")"));
            return MISSING;
        }
        if (!shape.hasBody(method.methodName())) {
            err.println("error: option '" + option + "' names " + method + ", which is abstract or native: there is no"
                    + " code to weave; name the method of the class that implements it");
            return MISSING;
        }
        if (ready && !shape.neverReturns().isEmpty()) {
            for (String reason : shape.neverReturns()) {
                err.println("warning: the ready method " + method + " may never return, and READY=1 is sent when it does: "
                        + reason + "; name a method that returns once startup is done, or use ready=listen:<port>");
            }
            return WARNING;
        }
        if (!ready && LoopWarning.warn(method, option, shape, path, err)) {
            return WARNING;
        }
        out.println("ok: " + method + " (" + option + ") in " + found.location);
        return OK;
    }

    private ClasspathCheck() {
    }
}
