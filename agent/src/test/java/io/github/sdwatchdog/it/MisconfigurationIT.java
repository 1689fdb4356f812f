package io.github.sdwatchdog.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every named method is accounted for: a misspelt or missing target is named loudly, in the log and in STATUS=. */
class MisconfigurationIT {
    static final Duration GENEROUS = Duration.ofSeconds(30);
    /** The first not-loaded warning comes 10 s after the JVM started; leave room on a busy machine. */
    static final Duration AFTER_TEN_SECONDS = Duration.ofSeconds(45);

    @TempDir
    Path dir;

    @Test
    void aMisspeltProgressMethodIsAnErrorWithTheNearestNamesAndLeadsTheStatus() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder()
                     .agent("ready=com.example.testapp.Server#start,progress=com.example.testapp.WorkLoop#tikc,"
                             + "progress=com.example.testapp.WorkLoop#run")
                     .env("WATCHDOG_USEC", "2000000").notifySocket(systemd).appArgs("--startup=0ms").start()) {
            AgentProcess.Line error = app.awaitStderr("<3>sd-watchdog: option 'progress' names com.example.testapp.WorkLoop#tikc", GENEROUS);
            assertTrue(error.text.contains("declares no method 'tikc' (nearest: tick"), error.text);
            assertTrue(error.text.contains("this progress point is not watched"), error.text);
            AgentProcess.Line info = app.awaitStderr("instrumented com.example.testapp.WorkLoop:", GENEROUS);
            assertTrue(info.text.contains(": run (progress)") && !info.text.contains("tikc"), "only what was woven: " + info.text);
            NotifyReceiver.Datagram status = systemd.await(d -> d.text.contains("STATUS=MISCONFIGURED")
                    && d.text.contains("moving or idle"), GENEROUS, "the verdict on the watched points, led by the misconfiguration");
            assertTrue(status.text.contains("com.example.testapp.WorkLoop#tikc does not exist (tick?)"), status.text);
            assertFalse(status.text.contains("healthy"), "never called healthy while a point is not watched: " + status.text);
        }
    }

    @Test
    void aMisspeltReadyMethodIsAnErrorAndSaysReadyWillNeverCome() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent("ready=com.example.testapp.Server#strat")
                     .notifySocket(systemd).appArgs("--startup=0ms").start()) {
            AgentProcess.Line error = app.awaitStderr("<3>sd-watchdog: option 'ready' names com.example.testapp.Server#strat", GENEROUS);
            assertTrue(error.text.contains("(nearest: start") && error.text.contains("READY=1 will never be sent"), error.text);
            assertFalse(app.stderrText().contains("instrumented com.example.testapp.Server"), app.stderrText());
            systemd.await(d -> d.text.startsWith("STATUS=MISCONFIGURED: com.example.testapp.Server#strat does not exist"),
                    GENEROUS, "the misconfiguration as status");
            assertTrue(systemd.receivedWith("READY=1").isEmpty());
        }
    }

    @Test
    void aReadyClassThatNeverLoadsIsNamedAfterTenSeconds() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent("ready=com.example.testapp.Sever#start")
                     .notifySocket(systemd).appArgs("--startup=0ms").start()) {
            AgentProcess.Line warning = app.awaitStderr("<4>sd-watchdog: class com.example.testapp.Sever has not been loaded", AFTER_TEN_SECONDS);
            assertTrue(warning.text.contains("cannot send READY=1 and the unit stays activating"), warning.text);
            NotifyReceiver.Datagram status = systemd.await(d -> d.text.startsWith("STATUS=MISCONFIGURED: ready class com.example.testapp.Sever not loaded"),
                    GENEROUS, "the missing class as status");
            Instant started = AgentProcess.eventTime(app.awaitStdout("main-started", GENEROUS));
            assertTrue(Duration.between(started, status.arrived).toMillis() >= 9_000, "not before 10 s after start");
            assertTrue(systemd.receivedWith("READY=1").isEmpty());
        }
    }

    @Test
    void aProgressClassNotLoadedOnceReadyIsSentIsNamed() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder()
                     .agent("ready=com.example.testapp.Server#start,progress=com.example.testapp.Worker#tick")
                     .notifySocket(systemd).appArgs("--startup=0ms").start()) {
            systemd.awaitLine("READY=1", GENEROUS);
            AgentProcess.Line warning = app.awaitStderr("<4>sd-watchdog: class com.example.testapp.Worker has not been loaded", AFTER_TEN_SECONDS);
            assertTrue(warning.text.contains("and READY=1, so com.example.testapp.Worker#tick (progress) is not watched"), warning.text);
            systemd.await(d -> d.text.startsWith("STATUS=MISCONFIGURED: progress class com.example.testapp.Worker not loaded"),
                    GENEROUS, "the missing class as status");
        }
    }

    @Test
    void anAbsurdWatchdogUsecIsWarnedAboutAndPingedSanely() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder().agent("ready=com.example.testapp.Server#start")
                     .env("WATCHDOG_USEC", "9223372036854775807").notifySocket(systemd).appArgs("--startup=0ms", "--tick=40ms").start()) {
            app.awaitStderr("<4>sd-watchdog: WATCHDOG_USEC=9223372036854775807 is more than 24h", GENEROUS);
            app.awaitStderr("watchdog on: WatchdogSec=24h, pinging every 6h", GENEROUS);
            systemd.awaitLine("WATCHDOG=1", GENEROUS);
            app.awaitStdout("ticks=50", GENEROUS); // 2 s of work
            int pings = systemd.receivedWith("WATCHDOG=1").size();
            assertTrue(pings >= 1 && pings <= 2, "one with READY, the loop's first, then every 6 h: " + systemd.received());
        }
        try (NotifyReceiver systemd = NotifyReceiver.atPath(Files.createDirectories(dir.resolve("second")));
             AgentProcess app = AgentProcess.builder().agent("ready=com.example.testapp.Server#start")
                     .env("WATCHDOG_USEC", "1").notifySocket(systemd).appArgs("--startup=0ms", "--tick=40ms").start()) {
            app.awaitStderr("<4>sd-watchdog: WATCHDOG_USEC=1 is less than 1s", GENEROUS);
            app.awaitStdout("ticks=50", GENEROUS);
            long pings = systemd.receivedWith("WATCHDOG=1").size();
            assertTrue(pings >= 2 && pings <= 12, "every 250 ms (a quarter of 1 s), not every 50 ms: " + pings + " in about 2 s");
        }
    }

    @Test
    void withTriggerTheStatusSaysSystemdWasToldAndAStallIsReportedAsMeasured() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.atPath(dir);
             AgentProcess app = AgentProcess.builder()
                     .agent("ready=com.example.testapp.Server#start,progress=com.example.testapp.WorkLoop#tick,stall=2s,"
                             + "on-unhealthy=trigger,deadlock-check=off")
                     .env("WATCHDOG_USEC", "30000000").notifySocket(systemd)
                     .appArgs("--startup=0ms", "--fault=hang", "--fault-after=1s").start()) {
            NotifyReceiver.Datagram unhealthy = systemd.awaitLine("WATCHDOG=trigger", GENEROUS);
            assertTrue(unhealthy.text.matches("(?s).*com\\.example\\.testapp\\.WorkLoop#tick stuck: no call begun for [23]\\.[0-9]s \\(stall=2s\\).*"), unhealthy.text);
            assertTrue(unhealthy.text.contains("(stall=2s); watchdog pings withheld, systemd told to act now (WATCHDOG=trigger)"), unhealthy.text);
        }
    }
}
