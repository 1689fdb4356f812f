package io.github.sdwatchdog.instrument;

import io.github.sdwatchdog.config.WatchPoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The configured methods of one class: whether a method name is the ready method, and its progress or heartbeat point. */
final class ClassTargets {
    private String readyMethod;
    private final Map<String, WatchPoint> points = new HashMap<>();
    private final List<TargetLedger.Target> targets = new ArrayList<>();

    void add(TargetLedger.Target target) {
        targets.add(target);
    }

    /** The ledger's entries for this class, in the order the options name them. */
    List<TargetLedger.Target> targets() {
        return targets;
    }

    void addReady(String methodName) {
        readyMethod = methodName;
    }

    void addPoint(WatchPoint point) {
        points.put(point.method().methodName(), point);
    }

    boolean isReady(String methodName) {
        return methodName.equals(readyMethod);
    }

    int progressIndex(String methodName) {
        WatchPoint point = points.get(methodName);
        return point == null ? -1 : point.index();
    }

    String describe() {
        StringBuilder text = new StringBuilder();
        if (readyMethod != null) {
            text.append(readyMethod).append(" (ready)");
        }
        for (WatchPoint point : points.values()) {
            text.append(text.length() == 0 ? "" : ", ").append(point.method().methodName())
                    .append(" (").append(point.kind()).append(')');
        }
        return text.toString();
    }
}
