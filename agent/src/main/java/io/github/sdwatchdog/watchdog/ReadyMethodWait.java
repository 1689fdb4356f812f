package io.github.sdwatchdog.watchdog;

import io.github.sdwatchdog.config.AgentConfig;
import io.github.sdwatchdog.log.AgentLog;
import io.github.sdwatchdog.startup.JmxStartupSampler;
import io.github.sdwatchdog.startup.StartupWatch;

/**
 * Until the ready method returns: once a second, the startup's status and, while it progresses, a longer
 * start timeout ({@link StartupWatch}). With {@code on-unhealthy=exit}, a startup that stopped progressing
 * for {@code startup-stall} halts the JVM, as a hang after READY would: a supervisor that restarts only on
 * exit has no start timeout of its own.
 */
final class ReadyMethodWait implements ReadyWait {
    private final AgentConfig config;
    private final SystemdLink link;
    private final LiveState state;
    private final Lifecycle lifecycle;
    private final Thread premainThread;
    private final long startNanos;

    ReadyMethodWait(AgentConfig config, SystemdLink link, LiveState state, Lifecycle lifecycle, Thread premainThread,
                    long startNanos) {
        this.config = config;
        this.link = link;
        this.state = state;
        this.lifecycle = lifecycle;
        this.premainThread = premainThread;
        this.startNanos = startNanos;
    }

    @Override
    public String readyEvent() {
        return config.ready() + " returned";
    }

    @Override
    public boolean await() {
        StartupWatch watch = lifecycle.hasStartupReturned() ? null : newWatch();
        long next = System.nanoTime();
        while (!lifecycle.hasStartupReturned() && !lifecycle.isStopping()) {
            long now = System.nanoTime();
            if (watch != null && now - next >= 0) {
                watch = tick(watch, now);
                next = now + StartupWatch.PERIOD_NANOS;
            }
            Lifecycle.pause(this, watch == null ? StartupWatch.PERIOD_NANOS : Math.max(0, next - System.nanoTime()));
        }
        return !lifecycle.isStopping();
    }

    private StartupWatch newWatch() {
        try {
            return new StartupWatch(config.ready().toString(), config.startupStall().orElse(null),
                    link.systemdExpected(), new JmxStartupSampler(premainThread), startNanos);
        } catch (Throwable e) {
            AgentLog.warn("cannot watch the startup (" + e + "); the start timeout is not extended");
            return null;
        }
    }

    /** One look; returns the watch to go on with, or null once it has failed. */
    private StartupWatch tick(StartupWatch watch, long now) {
        try {
            String failure = lifecycle.startupFailure();
            if (failure != null) {
                watch.threw(failure);
            }
            String message = watch.tick(now);
            state.startupStatus(watch.status());
            if (!lifecycle.hasStartupReturned()) {
                link.send(message);
            }
            if (watch.stuck() && config.onUnhealthy() == AgentConfig.OnUnhealthy.EXIT) {
                UnhealthyExit.haltNow(config.exitStatus(), "the startup made no progress for startup-stall ("
                        + watch.status() + ")");
            }
            return watch;
        } catch (Throwable e) { // stop extending: a hung startup must still be stopped by TimeoutStartSec=
            AgentLog.warn("the startup watch failed (" + e + "); the start timeout is no longer extended");
            return null;
        }
    }
}
