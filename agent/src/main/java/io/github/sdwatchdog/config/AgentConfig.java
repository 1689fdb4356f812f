package io.github.sdwatchdog.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The agent's configuration, parsed once and never changed. */
public final class AgentConfig {
    /** What an unhealthy verdict does; {@code LOG} (observe mode) only says what {@code WITHHOLD} would do. */
    public enum OnUnhealthy { WITHHOLD, TRIGGER, EXIT, LOG }

    private final Preset preset; // null: none
    private final MethodRef ready; // null with ready=listen:
    private final List<Integer> readyPorts; // empty unless ready=listen:
    private final ReadyUrl readyUrl; // null unless ready=http:
    private final List<WatchPoint> progressPoints;
    private final Duration stall;
    private final Optional<Duration> deadlockCheck;
    private final OnUnhealthy onUnhealthy;
    private final int exitStatus;
    private final HttpAddress http; // null: no probe server
    private final Duration startupStall; // null: off
    private final GcSpiral gcSpiral; // null: off

    AgentConfig(Preset preset, MethodRef ready, List<Integer> readyPorts, ReadyUrl readyUrl, List<WatchPoint> progressPoints, Duration stall,
                Optional<Duration> deadlockCheck, OnUnhealthy onUnhealthy, int exitStatus, HttpAddress http,
                Duration startupStall, GcSpiral gcSpiral) {
        this.preset = preset;
        this.gcSpiral = gcSpiral;
        this.startupStall = startupStall;
        this.ready = ready;
        this.readyPorts = List.copyOf(readyPorts);
        this.readyUrl = readyUrl;
        this.progressPoints = List.copyOf(progressPoints);
        this.stall = stall;
        this.deadlockCheck = deadlockCheck;
        this.onUnhealthy = onUnhealthy;
        this.exitStatus = exitStatus;
        this.http = http;
    }

    /** The preset the options started from; empty when none was named. */
    public Optional<Preset> preset() {
        return Optional.ofNullable(preset);
    }

    /** The startup method; null when READY waits for ports ({@link #readyPorts()}) or a URL ({@link #readyUrl()}). */
    public MethodRef ready() {
        return ready;
    }

    /** The TCP ports that must all listen before READY ({@code ready=listen:}); empty when a method decides. */
    public List<Integer> readyPorts() {
        return readyPorts;
    }

    /** The health URL that must answer 2xx before READY ({@code ready=http:}); empty otherwise. */
    public Optional<ReadyUrl> readyUrl() {
        return Optional.ofNullable(readyUrl);
    }

    /** The ready option as written: {@code com.acme.Server#start}, {@code listen:8080+8443} or {@code http:8080/health}. */
    public String readyDescription() {
        if (ready != null) {
            return ready.toString();
        }
        if (readyUrl != null) {
            return readyUrl.option();
        }
        StringBuilder text = new StringBuilder("listen:");
        for (int i = 0; i < readyPorts.size(); i++) {
            text.append(i == 0 ? "" : "+").append(readyPorts.get(i));
        }
        return text.toString();
    }

    public List<WatchPoint> watchPoints() {
        return progressPoints;
    }

    /** The default stall; each point may have its own, see {@link WatchPoint#limit()}. */
    public Duration stall() {
        return stall;
    }

    /** Empty when deadlock checks are off. */
    public Optional<Duration> deadlockCheck() {
        return deadlockCheck;
    }

    public OnUnhealthy onUnhealthy() {
        return onUnhealthy;
    }

    /** The status {@code on-unhealthy=exit} halts the JVM with. */
    public int exitStatus() {
        return exitStatus;
    }

    /** How long startup may show no progress before TimeoutStartSec= is no longer extended; empty when off. */
    public Optional<Duration> startupStall() {
        return Optional.ofNullable(startupStall);
    }

    /** When the GC is a death spiral; empty when {@code gc-spiral=off}. */
    public Optional<GcSpiral> gcSpiral() {
        return Optional.ofNullable(gcSpiral);
    }

    /** Where the probe endpoints listen; empty when {@code http} is not set. */
    public Optional<HttpAddress> http() {
        return Optional.ofNullable(http);
    }

    /** One line for logs and {@code check}. */
    public String describe() {
        StringBuilder points = new StringBuilder();
        for (WatchPoint point : progressPoints) {
            points.append(", ").append(point.kind()).append('=').append(point).append('@')
                    .append(Durations.format(point.limit()));
        }
        // No lambdas here: premain calls this, and a lambda's first use spins a class.
        return (preset == null ? "" : "preset=" + preset.presetName() + ": ") + "ready=" + readyDescription() + points + ", stall=" + Durations.format(stall)
                + ", deadlock-check=" + (deadlockCheck.isPresent() ? Durations.format(deadlockCheck.get()) : "off")
                + ", on-unhealthy=" + onUnhealthy.name().toLowerCase()
                + (onUnhealthy == OnUnhealthy.EXIT ? ":" + exitStatus : "")
                + (http == null ? "" : ", http=" + http)
                + (gcSpiral == null ? ", gc-spiral=off" : gcSpiral.toString().equals(Option.GC_SPIRAL.defaultValue()) ? ""
                : ", gc-spiral=" + gcSpiral)
                + (startupStall == null ? ", startup-stall=off" : startupStall.equals(Option.STARTUP_STALL.defaultDuration()) ? ""
                : ", startup-stall=" + Durations.format(startupStall));
    }
}
