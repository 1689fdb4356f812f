package io.github.sdwatchdog.startup;

import io.github.sdwatchdog.config.Durations;
import io.github.sdwatchdog.log.AgentLog;

import java.time.Duration;

/**
 * What the watchdog says while the service starts, from premain until READY: called once a
 * {@link #PERIOD_NANOS} by the loop, it samples the startup, keeps {@code STATUS=} saying what is
 * awaited and for how long, names a ready method that looks as if it will never return, and sends
 * {@code EXTEND_TIMEOUT_USEC=} while {@link StartupProgress} sees progress.
 */
public final class StartupWatch {
    public static final long PERIOD_NANOS = 1_000_000_000L;
    /**
     * How far each message extends the start timeout. Re-sent every second, so four seconds of slack for a
     * busy machine; and once startup is stuck, systemd's timeout falls due at most this long after the last one.
     */
    public static final long EXTEND_MICROS = 5_000_000L;
    static final long NEVER_RETURNS_AFTER_NANOS = 30_000_000_000L;

    private final String ready;
    private final Duration startupStall; // null: never extend
    private final boolean extend;
    private final StartupSampler sampler;
    private final long startNanos;
    private final StartupProgress progress;
    private final NeverReturns neverReturns;
    private boolean saidStuck;
    private String neverReturnsNote; // for STATUS=, once confirmed
    private String threw; // the ready method's last failure, while no call is inside it
    private boolean stuck;
    private volatile String status = "";

    /**
     * @param extend whether to send EXTEND_TIMEOUT_USEC= at all (systemd present and startup-stall not off)
     * @param startNanos when the agent started, for the time before anyone enters the ready method
     */
    public StartupWatch(String ready, Duration startupStall, boolean extend, StartupSampler sampler, long startNanos) {
        this.ready = ready;
        this.startupStall = startupStall;
        this.extend = extend && startupStall != null;
        this.sampler = sampler;
        this.startNanos = startNanos;
        this.progress = new StartupProgress(startupStall == null ? Long.MAX_VALUE : startupStall.toNanos());
        this.neverReturns = new NeverReturns(startupStall == null ? NEVER_RETURNS_AFTER_NANOS
                : Math.min(NEVER_RETURNS_AFTER_NANOS, startupStall.toNanos()));
    }

    /**
     * Samples once; returns the datagram to send now (STATUS=, and EXTEND_TIMEOUT_USEC= while it progresses).
     * Sending it may load classes the first time (the transport's first use): the caller sends before the next tick
     * and the class count is rebased here only for what this tick itself did.
     */
    public String tick(long nowNanos) {
        StartupSample sample = sampler.sample();
        progress.observe(sample, nowNanos);
        if (neverReturns.confirmedBy(sample, nowNanos)) {
            String in = NeverReturns.waitingIn(sample);
            AgentLog.warn(ready + " was entered " + seconds(nowNanos - sample.enteredNanos) + " ago on thread \""
                    + sample.threadName + "\" and has not returned; that thread waits in " + in + " (" + sample.state
                    + ") with no timeout: this method may never return, so READY=1 would never be sent; name a method "
                    + "that returns when the service is ready" + NeverReturns.frames(sample, 8));
            neverReturnsNote = ready + " may never return (thread " + sample.threadName + " waits in " + in
                    + "); name a method that returns when the service is ready";
        }
        stuck = progress.stuck(nowNanos);
        if (stuck && !saidStuck && extend) {
            AgentLog.warn("startup has shown no progress for " + seconds(progress.quietNanos(nowNanos))
                    + " (startup-stall=" + Durations.format(startupStall) + "): no class loaded, and thread \""
                    + (sample == null ? "?" : sample.threadName) + "\" stayed in " + (sample == null ? "?" : NeverReturns.waitingIn(sample))
                    + "; TimeoutStartSec= is no longer extended, so systemd stops the service when it expires"
                    + (sample == null ? "" : NeverReturns.frames(sample, 8)));
        } else if (!stuck && saidStuck && extend) {
            AgentLog.info("startup progresses again; TimeoutStartSec= is extended again");
        }
        saidStuck = stuck;
        status = statusText(sample, nowNanos, stuck);
        String message = "STATUS=" + status + (extend && !stuck ? "\nEXTEND_TIMEOUT_USEC=" + EXTEND_MICROS : "");
        progress.classesAfterOwnWork(sampler.loadedClasses());
        return message;
    }

    /** The ready method threw this; until a call is inside it again, the status says so, and no guess is made. */
    public void threw(String failure) {
        threw = failure;
    }

    /** Whether the last tick found the startup stuck: no new ground for startup-stall. */
    public boolean stuck() {
        return stuck;
    }

    /** The latest status, for the probes and the MBean. */
    public String status() {
        return status;
    }

    private String statusText(StartupSample sample, long nowNanos, boolean stuck) {
        StringBuilder text = new StringBuilder("starting: ");
        if (neverReturnsNote != null) {
            text.append(neverReturnsNote);
        } else if (sample != null && sample.entered) {
            threw = null;
            text.append("waiting for ").append(ready).append(", entered ").append(seconds(nowNanos - sample.enteredNanos))
                    .append(" ago on thread ").append(sample.threadName);
        } else if (threw != null) {
            text.append(ready).append(" threw ").append(threw).append("; waiting for a call that returns");
        } else {
            text.append("waiting for ").append(ready).append(" to be called, ").append(seconds(nowNanos - startNanos))
                    .append(" after the agent started");
        }
        if (stuck && extend) {
            text.append("; no progress for ").append(seconds(progress.quietNanos(nowNanos)))
                    .append(", start timeout no longer extended");
        }
        return text.toString();
    }

    static String seconds(long nanos) {
        return Math.max(0, nanos / 1_000_000_000L) + " s";
    }
}
