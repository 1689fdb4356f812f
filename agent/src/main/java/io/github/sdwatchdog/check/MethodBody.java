package io.github.sdwatchdog.check;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code check} reads in one method's own body (not its callees): its calls in order, its loops (a jump
 * back to an earlier instruction) and whether it has a return instruction. From that, conservatively:
 * whether a ready method may never return, and whether a progress method is a loop that waits for work.
 */
final class MethodBody extends MethodVisitor {
    /** A call in the body: where it is (instruction index, source line) and what it calls. */
    private static final class Call {
        final int at;
        final int line;
        final int opcode;
        final String owner;
        final String name;
        final String descriptor;

        Call(int at, int line, int opcode, String owner, String name, String descriptor) {
            this.at = at;
            this.line = line;
            this.opcode = opcode;
            this.owner = owner;
            this.name = name;
            this.descriptor = descriptor;
        }

        String describe() {
            return owner.replace('/', '.') + "#" + name + (line > 0 ? " (line " + line + ")" : "");
        }
    }

    private final String method;
    private final Map<Label, Integer> labels = new HashMap<>();
    private final List<int[]> loops = new ArrayList<>(); // {first, last} instruction of a loop's body
    private final List<Call> calls = new ArrayList<>();
    private int at;
    private int line = -1;
    private boolean returns;

    MethodBody(String method) {
        super(Opcodes.ASM9);
        this.method = method;
    }

    @Override
    public void visitLabel(Label label) {
        labels.put(label, at);
    }

    @Override
    public void visitLineNumber(int line, Label start) {
        this.line = line;
    }

    @Override
    public void visitInsn(int opcode) {
        at++;
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            returns = true;
        }
    }

    // Only calls, jumps and returns are counted as instructions: their order against the labels is what matters.

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        Integer target = labels.get(label); // known only if the label came before: a jump back
        if (target != null) {
            loops.add(new int[] {target, at});
        }
        at++;
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        calls.add(new Call(at++, line, opcode, owner, name, descriptor));
    }

    private boolean inLoop(int instruction) {
        for (int[] loop : loops) {
            if (instruction >= loop[0] && instruction <= loop[1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why the method may never return: an untimed wait for something startup does not bring about (Object#wait,
     * Thread#join, await as in CountDownLatch, Condition and Tomcat's Catalina, LockSupport#park, accept), or no
     * return instruction at all (an endless loop, or a method that always throws). A wait or park inside a loop
     * is the guarded-wait idiom (wait until another thread changes a state, then go on), not one.
     */
    List<String> neverReturns() {
        List<String> reasons = new ArrayList<>();
        for (Call call : calls) {
            String blocking = Waits.untimed(call.opcode, call.owner, call.name, call.descriptor);
            if (blocking != null && !(Waits.isGuardable(call.owner, call.name) && inLoop(call.at))) {
                reasons.add(method + " calls " + call.describe() + ", which " + blocking);
            }
        }
        if (!returns) {
            reasons.add(method + " has no return instruction: it ends in an endless loop or always throws");
        }
        return reasons;
    }

    /**
     * Why the method is a loop that waits for work (a call inside a loop takes from a queue, selects, accepts,
     * parks or waits), and whether it then runs each task it took; null if it is not such a loop.
     */
    String waitsForWork() {
        for (Call call : calls) {
            if (inLoop(call.at) && Waits.forWork(call.owner, call.name)) {
                return method + " loops waiting for work (it calls " + call.describe() + " in a loop)" + (runsTasks(call)
                        ? ", then runs each task it took (Runnable#run): the per-request method is the task's run, or the first "
                        + "method it calls" : "");
            }
        }
        return null;
    }

    /** True if the body waits for work anywhere or runs a task ({@code run()}): a pool's dispatch, not its bookkeeping. */
    boolean dispatches() {
        for (Call call : calls) {
            if (Waits.forWork(call.owner, call.name) || call.name.equals("run") && call.descriptor.equals("()V")) {
                return true;
            }
        }
        return false;
    }

    private boolean runsTasks(Call wait) {
        for (Call call : calls) {
            if (call.at > wait.at && inLoop(call.at) && call.owner.equals("java/lang/Runnable") && call.name.equals("run")) {
                return true;
            }
        }
        return false;
    }
}
