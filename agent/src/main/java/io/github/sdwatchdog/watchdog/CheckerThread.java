package io.github.sdwatchdog.watchdog;

import io.github.sdwatchdog.health.Health;
import io.github.sdwatchdog.health.HealthRules;
import io.github.sdwatchdog.log.AgentLog;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the health checks on a thread of their own, so that a slow check (a report with stacks, a
 * deadlock search in a big JVM) never holds up a ping. Each completed check is published; checks with
 * news are also queued for the loop, which is woken to say them. If checks stop completing, the latest
 * verdict grows stale and the loop stops pinging.
 */
final class CheckerThread implements Runnable {
    private final HealthRules monitor;
    private final long periodNanos;
    private final Thread loop;
    private final Queue<Verdict> news = new ConcurrentLinkedQueue<>();
    private volatile Verdict latest;
    private volatile boolean stopped;
    private volatile boolean wakeLoopAtEachCheck;

    CheckerThread(HealthRules monitor, Duration period, Thread loop) {
        this.monitor = monitor;
        this.periodNanos = period.toNanos();
        this.loop = loop;
    }

    Thread start() {
        Thread thread = new Thread(this, "sd-watchdog-check");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** The latest completed check, or null before the first. */
    Verdict latest() {
        return latest;
    }

    /** The next check with news, or null. */
    Verdict pollNews() {
        return news.poll();
    }

    /** While a ping waits for a fresh verdict (after a pause of the whole JVM), each check wakes the loop. */
    void wakeLoopAtEachCheck(boolean wake) {
        wakeLoopAtEachCheck = wake;
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        boolean failing = false;
        long next = System.nanoTime();
        while (!stopped) {
            long now = System.nanoTime();
            if (now - next < 0) {
                LockSupport.parkNanos(this, next - now);
                Thread.interrupted(); // an application that interrupts every thread must not make this spin
                continue;
            }
            next = now + periodNanos;
            try {
                Health health = monitor.check();
                Verdict verdict = new Verdict(health, monitor.takePauseNote(), System.nanoTime());
                Verdict previous = latest;
                latest = verdict;
                if (verdict.hasNews(previous)) {
                    news.add(verdict);
                    LockSupport.unpark(loop);
                } else if (!health.isHealthy() || wakeLoopAtEachCheck) {
                    LockSupport.unpark(loop); // the loop follows an unhealthy verdict check by check (on-unhealthy=exit)
                }
                failing = false;
            } catch (Throwable e) {
                if (!failing) {
                    failing = true;
                    AgentLog.error("the health check failed, so no fresh verdict and soon no WATCHDOG=1: " + e);
                }
            }
        }
    }
}
