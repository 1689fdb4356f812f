package io.github.sdwatchdog.startup;

/**
 * Names a ready method that looks as if it will never return: entered at least {@code after} ago, and
 * its thread sitting, sample after sample with the same frames and no CPU time spent, in a wait without
 * a timeout (parked, {@code Object.wait()}, a latch, {@code join}) or blocked in a socket's
 * {@code accept}. A sleep, a timed wait, a lock it is blocked on (contention passes) or a thread that
 * computes is only slow: no guess is made.
 */
final class NeverReturns {
    static final int CONFIRMING_SAMPLES = 3;

    private final long afterNanos;
    private StartupSample last;
    private int sameWaits;
    private boolean said;

    NeverReturns(long afterNanos) {
        this.afterNanos = afterNanos;
    }

    /** True once, at the sample that confirms it. */
    boolean confirmedBy(StartupSample sample, long nowNanos) {
        if (sample == null || !sample.entered || !permanentLooking(sample)) {
            sameWaits = 0;
            last = sample;
            return false;
        }
        boolean same = last != null && sample.place() == last.place() && (sample.cpuNanos < 0 || sample.cpuNanos - last.cpuNanos < 10_000_000L);
        sameWaits = same ? sameWaits + 1 : 1;
        last = sample;
        if (said || sameWaits < CONFIRMING_SAMPLES || nowNanos - sample.enteredNanos < afterNanos) {
            return false;
        }
        said = true;
        return true;
    }

    boolean said() {
        return said;
    }

    static boolean permanentLooking(StartupSample sample) {
        return sample.state == Thread.State.WAITING || sample.state == Thread.State.RUNNABLE && inAccept(sample.topFrames);
    }

    /** ServerSocket#accept and ServerSocketChannel#accept, blocked in the kernel (the thread reads RUNNABLE). */
    static boolean inAccept(StackTraceElement[] frames) {
        if (frames.length == 0 || !frames[0].isNativeMethod()) {
            return false;
        }
        for (int i = 0; i < Math.min(6, frames.length); i++) {
            String cls = frames[i].getClassName();
            String method = frames[i].getMethodName();
            if ((method.equals("accept") || method.equals("accept0") || method.equals("socketAccept") || method.equals("implAccept"))
                    && (cls.startsWith("sun.nio.ch.") || cls.startsWith("java.net."))) {
                return true;
            }
        }
        return false;
    }

    /** What the thread waits in: its top frames, for the warning. */
    static String frames(StartupSample sample, int max) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(max, sample.topFrames.length); i++) {
            text.append("\n    at ").append(sample.topFrames[i]);
        }
        return text.toString();
    }

    /** The first frame worth naming in one line: the JDK's wait, such as CountDownLatch.await. */
    static String waitingIn(StartupSample sample) {
        for (StackTraceElement frame : sample.topFrames) {
            String cls = frame.getClassName();
            if (!cls.startsWith("jdk.internal.") && !cls.equals("java.util.concurrent.locks.LockSupport")
                    && !cls.startsWith("java.util.concurrent.locks.AbstractQueuedSynchronizer")
                    && !cls.startsWith("sun.nio.ch.Net") && !cls.equals("java.lang.Object")) {
                return cls.substring(cls.lastIndexOf('.') + 1) + "." + frame.getMethodName();
            }
        }
        return sample.topFrames.length == 0 ? "?" : sample.topFrames[0].getMethodName();
    }
}
