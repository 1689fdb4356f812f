package io.github.sdwatchdog.instrument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The configured methods of one class: whether a method name is the ready method, and its progress slot. */
final class ClassTargets {
    private String readyMethod;
    private final Map<String, Integer> progressSlots = new HashMap<>();
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

    void addProgress(String methodName, int index) {
        progressSlots.put(methodName, index);
    }

    boolean isReady(String methodName) {
        return methodName.equals(readyMethod);
    }

    int progressIndex(String methodName) {
        Integer index = progressSlots.get(methodName);
        return index == null ? -1 : index;
    }

    String describe() {
        StringBuilder text = new StringBuilder();
        if (readyMethod != null) {
            text.append(readyMethod).append(" (ready)");
        }
        for (Map.Entry<String, Integer> slot : progressSlots.entrySet()) {
            text.append(text.length() == 0 ? "" : ", ").append(slot.getKey()).append(" (progress)");
        }
        return text.toString();
    }
}
