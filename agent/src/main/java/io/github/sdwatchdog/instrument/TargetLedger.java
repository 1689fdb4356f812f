package io.github.sdwatchdog.instrument;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.config.MethodRef;
import io.github.sdwatchdog.config.WatchPoint;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Accounts for every method the options name: whether its class has loaded, and what is wrong with it if
 * it could not be woven. Written by the transformer (on whatever thread loads a class), read by the
 * target watch and for {@code STATUS=}. Nothing here is on a hot path: it changes only when a target
 * class loads.
 */
public final class TargetLedger {
    /** What a target is for, which decides when its class should have loaded. */
    public enum Kind {
        READY("ready", false),
        PROGRESS("progress", true),
        HEARTBEAT("heartbeat", true);

        private final String label;
        private final boolean expectedAfterReady;

        Kind(String label, boolean expectedAfterReady) {
            this.label = label;
            this.expectedAfterReady = expectedAfterReady;
        }

        public String label() {
            return label;
        }

        /** True if its class need only have loaded once READY was sent, false if READY waits for it. */
        public boolean expectedAfterReady() {
            return expectedAfterReady;
        }
    }

    /** One configured method. Its mutable fields are guarded by the ledger. */
    public static final class Target {
        final Kind kind;
        final MethodRef method;
        /** A preset's point whose class loads only with the first client: not overdue while the service is idle. */
        final boolean mayLoadLate;
        boolean classSeen;
        boolean overdue;
        String problem;

        Target(Kind kind, MethodRef method, boolean mayLoadLate) {
            this.kind = kind;
            this.method = method;
            this.mayLoadLate = mayLoadLate;
        }

        public Kind kind() {
            return kind;
        }

        public MethodRef method() {
            return method;
        }
    }

    private final List<Target> targets = new ArrayList<>();
    private volatile Runnable onChange;

    public TargetLedger(AgentConfig config) {
        if (config.ready() != null) { // ready=listen: waits for ports, not for a class
            targets.add(new Target(Kind.READY, config.ready(), false));
        }
        for (WatchPoint point : config.watchPoints()) {
            Kind kind = point.kind() == WatchPoint.Kind.HEARTBEAT ? Kind.HEARTBEAT : Kind.PROGRESS;
            boolean mayLoadLate = config.preset().map(preset -> preset.loadsOnFirstClient(point.method().className())).orElse(false);
            targets.add(new Target(kind, point.method(), mayLoadLate));
        }
    }

    List<Target> targets() {
        return targets;
    }

    /** Called on any change that {@link #status()} shows; must be quick, it runs where classes load. */
    public void onChange(Runnable listener) {
        onChange = listener;
    }

    /** Marks the class's targets seen; true the first time, when its problems are to be reported. */
    synchronized boolean classSeen(String className) {
        boolean first = false;
        boolean changed = false;
        for (Target target : targets) {
            if (target.method.className().equals(className) && !target.classSeen) {
                target.classSeen = true;
                first = true;
                changed |= target.overdue;
                target.overdue = false;
            }
        }
        if (changed) {
            fire();
        }
        return first;
    }

    synchronized void problem(Target target, String problem) {
        target.problem = problem;
        fire();
    }

    /**
     * The classes that should have loaded by now and have not: ready classes always, classes of kinds
     * expected after READY only once it has been sent, and never a preset's that loads with the first client
     * (Artemis's session handler). Marks them overdue for {@link #status()}.
     */
    public synchronized Set<String> overdueClasses(boolean readySent, List<Target> overdueTargets) {
        Set<String> classes = new LinkedHashSet<>();
        boolean changed = false;
        for (Target target : targets) {
            if (!target.classSeen && !target.mayLoadLate && (readySent || !target.kind.expectedAfterReady)) {
                classes.add(target.method.className());
                overdueTargets.add(target);
                changed |= !target.overdue;
                target.overdue = true;
            }
        }
        if (changed) {
            fire();
        }
        return classes;
    }

    public synchronized boolean allClassesSeen() {
        for (Target target : targets) {
            if (!target.classSeen) {
                return false;
            }
        }
        return true;
    }

    /** What is wrong with the targets, one line for the front of {@code STATUS=}; null when nothing is. */
    public synchronized String status() {
        List<String> problems = new ArrayList<>();
        for (Target target : targets) {
            if (target.problem != null) {
                problems.add(target.problem);
            } else if (target.overdue) {
                problems.add(target.kind.label + " class " + target.method.className() + " not loaded yet ("
                        + target.method + (target.kind == Kind.READY ? ": READY=1 waits for it)" : ": not watched)"));
            }
        }
        return problems.isEmpty() ? null : "MISCONFIGURED: " + String.join("; ", problems);
    }

    private void fire() {
        Runnable listener = onChange;
        if (listener != null) {
            listener.run();
        }
    }
}
