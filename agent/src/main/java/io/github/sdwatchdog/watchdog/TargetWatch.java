package io.github.sdwatchdog.watchdog;

import io.github.sdwatchdog.bridge.WatchdogBridge;
import io.github.sdwatchdog.instrument.TargetLedger;
import io.github.sdwatchdog.log.AgentLog;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Names the configured classes that have not loaded when they should have: the ready class 10 s after the
 * JVM started (READY waits for it, and the unit sits {@code activating} until {@code TimeoutStartSec=}),
 * progress classes once READY has been sent. It repeats at a slowing cadence while a class stays missing,
 * re-sends {@code STATUS=} when the targets' problems change, and ends once every class has loaded.
 */
public final class TargetWatch implements Runnable {
    static final long FIRST_CHECK_NANOS = 10_000_000_000L;
    private static final long MAX_INTERVAL_NANOS = 600_000_000_000L;

    private final TargetLedger ledger;
    private final StatusOverlay overlay;
    private final long startNanos;
    private final boolean mayBeHelper;
    private volatile boolean changed;
    private volatile Thread thread;

    /**
     * @param mayBeHelper this JVM was started by the unit's main process without exec: until READY it may be a
     *                    launcher's helper JVM, which never loads the ready class, so that is said at info only
     */
    public TargetWatch(TargetLedger ledger, StatusOverlay overlay, long startNanos, boolean mayBeHelper) {
        this.ledger = ledger;
        this.overlay = overlay;
        this.startNanos = startNanos;
        this.mayBeHelper = mayBeHelper;
    }

    /** Called from premain; an inner class, not a lambda (no invokedynamic bootstrap on the startup path). */
    public void start() {
        Thread watch = new Thread(this, "sd-watchdog-targets");
        watch.setDaemon(true);
        thread = watch;
        ledger.onChange(new Runnable() {
            @Override
            public void run() {
                changed = true;
                LockSupport.unpark(thread);
            }
        });
        watch.start();
    }

    @Override
    public void run() {
        try {
            long nextCheck = startNanos + FIRST_CHECK_NANOS;
            long interval = FIRST_CHECK_NANOS;
            while (true) {
                if (changed) {
                    changed = false;
                    overlay.refresh();
                }
                long now = System.nanoTime();
                if (now - nextCheck >= 0) {
                    report(now);
                    if (ledger.allClassesSeen()) {
                        if (changed) {
                            overlay.refresh();
                        }
                        return;
                    }
                    interval = Math.min(interval * 2, MAX_INTERVAL_NANOS);
                    nextCheck = now + interval;
                }
                LockSupport.parkNanos(this, nextCheck - System.nanoTime());
                Thread.interrupted(); // an application that interrupts every thread must not make this spin
            }
        } catch (Throwable e) {
            AgentLog.error("the target watch failed, missing classes are not reported: " + e);
        }
    }

    private void report(long now) {
        boolean readySent = WatchdogBridge.isReadyLatched();
        List<TargetLedger.Target> overdue = new ArrayList<>();
        Set<String> classes = ledger.overdueClasses(readySent, overdue);
        long seconds = (now - startNanos) / 1_000_000_000L;
        for (String className : classes) {
            StringBuilder methods = new StringBuilder();
            boolean ready = false;
            for (TargetLedger.Target target : overdue) {
                if (target.method().className().equals(className)) {
                    methods.append(methods.length() == 0 ? "" : ", ").append(target.method())
                            .append(" (").append(target.kind().label()).append(')');
                    ready |= target.kind() == TargetLedger.Kind.READY;
                }
            }
            String line = "class " + className + " has not been loaded " + seconds + " s after the JVM started"
                    + (readySent ? " and READY=1" : "") + ", so " + methods
                    + (ready ? " cannot send READY=1 and the unit stays activating until TimeoutStartSec="
                    : " is not watched")
                    + "; check the class name (nested classes as a.B$C) and that the service uses it";
            if (mayBeHelper && !readySent) {
                AgentLog.info(line);
            } else {
                AgentLog.warn(line);
            }
        }
    }
}
