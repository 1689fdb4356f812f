package io.github.sdwatchdog.check;

import io.github.sdwatchdog.config.MethodRef;
import io.github.sdwatchdog.suggest.TaskDispatch;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A progress or heartbeat method that idle threads sit inside: a pool's own loop code (a thread body, or code
 * that waits for work or runs tasks), or a method whose body loops waiting for work. Idle, it looks exactly like a hung request (a call in flight, none begun), so the
 * service would be restarted whenever it is quiet. The warning names the per-request method instead where it
 * can: the ones proven on servers that run that pool and are on the class path.
 */
final class LoopWarning {
    static boolean warn(MethodRef method, String option, ClassShape shape, ClassPath path, PrintStream err) {
        List<String> reasons = new ArrayList<>(shape.waitsForWork());
        TaskDispatch pool = TaskDispatch.loopOwning(method.className());
        if (pool != null && (method.methodName().equals("run") || shape.dispatches())) {
            reasons.add(0, method + " belongs to " + pool.label() + ": the loop its threads run and wait for work in, "
                    + "or the code that starts every task whatever the task");
        }
        if (reasons.isEmpty()) {
            return false;
        }
        List<String> alternatives = new ArrayList<>();
        if (pool != null) {
            for (String perRequest : pool.perRequest()) {
                if (path.names().contains(perRequest.substring(0, perRequest.indexOf('#')))) {
                    alternatives.add("progress=" + perRequest);
                }
            }
        }
        err.println("warning: option '" + option + "' names a loop that idle threads wait in: " + String.join("; ", reasons)
                + ". Idle, it looks like a hung request (a call in flight, none begun), so a quiet service would be "
                + "restarted; name the per-request method instead" + (alternatives.isEmpty()
                ? ": the first method above the pool's dispatch on a thread running a request, which "
                + "java -jar sd-watchdog-agent.jar suggest <pid> shows while a request is in flight"
                : ", here " + String.join(" or ", alternatives)));
        return true;
    }

    private LoopWarning() {
    }
}
