package com.example.testapp;

import java.time.Duration;
import java.time.Instant;

/**
 * An ordinary service: a startup phase, then a worker thread that calls {@link WorkLoop#tick()} in a loop.
 * Faults are selected on the command line so tests can make it hang, spin, deadlock, idle or exit.
 *
 * <pre>
 * java -jar test-app.jar [--startup=1s] [--tick=100ms] [--fault=KIND] [--fault-after=2s]
 *                        [--slow-tick=6s] [--exit-code=3] [--startup-fails] [--shutdown-drain=2s]
 *                        [--virtual-loop] [--idle-threads=10000] [--idle-depth=30]
 *                        [--spawn-children=1s]  (after startup: a child JVM, jcmd and two shells, see Children)
 *                        [--spawn-early]  (the same children, at main's first instruction, before anything else)
 *                        [--busy=32]  (after startup: that many threads that never stop computing)
 *                        [--startup-work=20s]  (startup computes and loads a class every 100 ms, instead of --startup's sleep)
 *                        [--startup-hang-after=3s]  (startup works that long, then parks forever inside Server#start)
 *                        [--ready-blocks=latch|accept]  (Server#start never returns: a latch, or accept() on loopback)
 *                        [--startup-retries]  (Server#start retries a silent backend for ever: 1.5 s timeout, 1 s pause)
 *                        [--startup-fails [--after-failure=wait]]  (Server#start throws; main exits, or logs and waits)
 *                        [--pool=4]  (after startup: a thread pool running short JobPool.Job#run jobs)
 *                        [--listen=nio:8080+blocking:8081 --listen-after=1s]  (TCP listeners, see Listeners)
 *                        [--health=8080]  (GET /health/ready answers 503 until startup returned, then 200; see Health)
 *                        [--startup-until=FILE]  (startup waits until FILE exists, instead of --startup's sleep)
 *                        [--crowd=3000]  (crowded-virtual-hang: the later calls, see Requests)
 *                        [--heap-live=95 --churn-threads=1]  (for --fault=gc-churn, see GcLoad)
 * KIND: none | hang | spin | lock-deadlock | sync-deadlock | idle | slow-tick | exit
 *       | virtual-lock-deadlock | virtual-sync-deadlock | loop-dies | interrupt-all
 *       | trylock-backoff | virtual-trylock-backoff (see BackOff) | crowded-virtual-hang (see Requests) | gc-churn
 * </pre>
 * {@code --virtual-loop} runs the loop in a virtual thread (JDK 21+), as servers that serve each request
 * on one do; {@code --idle-threads} parks that many threads {@code --idle-depth} frames deep, as a big
 * thread-per-connection server at rest.
 */
public final class TestApp {

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        if (settings.spawnEarly) {
            Children.spawn();
        }
        event("main-started");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            event("shutdown");
            Faults.sleep(settings.shutdownDrain.toMillis()); // finishing in-flight work, as real services do
        }, "test-app-shutdown"));

        if (settings.listen != null) {
            Listeners.start(settings.listen, settings.listenAfter);
        }
        if (settings.health > 0) {
            Health.start(settings.health);
        }
        try {
            new Server(settings).start();
            if (settings.health > 0) {
                Health.serving();
            }
        } catch (IllegalStateException e) {
            if (!settings.waitAfterFailure) {
                throw e;
            }
            event("startup-failed-waiting"); // as a service that logs the failure and waits to be told to retry
            while (true) {
                java.util.concurrent.locks.LockSupport.park();
            }
        }
        IdleThreads.start(settings.idleThreads, settings.idleDepth);
        if (settings.pool > 0) {
            JobPool.start(settings.pool);
        }
        for (int i = 0; i < settings.busy; i++) {
            Thread busy = new Thread(Faults::spinForever, "busy-" + i);
            busy.setDaemon(true);
            busy.start();
        }
        if (settings.spawnChildren != null) {
            Thread spawner = new Thread(() -> {
                try {
                    Thread.sleep(settings.spawnChildren.toMillis());
                    Children.spawn();
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }, "spawner");
            spawner.setDaemon(true);
            spawner.start();
        }

        WorkLoop loop = new WorkLoop(settings);
        Thread worker = settings.virtualLoop ? VirtualThreads.start("work-loop", loop::run) : new Thread(loop::run, "work-loop");
        if (!settings.virtualLoop) {
            worker.start();
        }
        if (settings.fault != Fault.NONE) {
            Faults.schedule(settings, loop);
        }
        worker.join();
        // The loop thread died (an uncaught exception or error); the rest of the service lives on, as it would.
        while (true) {
            java.util.concurrent.locks.LockSupport.park();
        }
    }

    /** One line per event, with a wall-clock timestamp in microseconds, for tests to correlate. */
    static void event(String what) {
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        System.out.println("test-app: " + what + " at-us=" + micros);
        System.out.flush();
    }

    static final class Settings {
        Duration startup = Duration.ofMillis(500);
        Duration tick = Duration.ofMillis(100);
        Fault fault = Fault.NONE;
        Duration faultAfter = Duration.ofSeconds(2);
        Duration slowTick = Duration.ofSeconds(6);
        Duration shutdownDrain = Duration.ZERO;
        Duration spawnChildren;
        boolean spawnEarly;
        String listen;
        Duration listenAfter = Duration.ZERO;
        int health;
        String startupUntil;
        int exitCode = 3;
        int busy;
        int pool;
        int crowd = 3000;
        Duration startupWork;
        Duration startupHangAfter;
        String readyBlocks;
        boolean startupFails;
        boolean startupRetries;
        boolean waitAfterFailure;
        boolean virtualLoop;
        int idleThreads;
        int idleDepth = 30;
        int heapLive = 95;
        int churnThreads = 1;

        static Settings parse(String[] args) {
            Settings s = new Settings();
            for (String arg : args) {
                String[] kv = arg.split("=", 2);
                String value = kv.length == 2 ? kv[1] : "";
                switch (kv[0]) {
                    case "--startup": s.startup = duration(value); break;
                    case "--tick": s.tick = duration(value); break;
                    case "--fault": s.fault = Fault.valueOf(value.toUpperCase().replace('-', '_')); break;
                    case "--fault-after": s.faultAfter = duration(value); break;
                    case "--slow-tick": s.slowTick = duration(value); break;
                    case "--shutdown-drain": s.shutdownDrain = duration(value); break;
                    case "--spawn-children": s.spawnChildren = duration(value); break;
                    case "--spawn-early": s.spawnEarly = true; break;
                    case "--listen": s.listen = value; break;
                    case "--listen-after": s.listenAfter = duration(value); break;
                    case "--health": s.health = Integer.parseInt(value); break;
                    case "--startup-until": s.startupUntil = value; break;
                    case "--busy": s.busy = Integer.parseInt(value); break;
                    case "--pool": s.pool = Integer.parseInt(value); break;
                    case "--crowd": s.crowd = Integer.parseInt(value); break;
                    case "--startup-work": s.startupWork = duration(value); break;
                    case "--startup-hang-after": s.startupHangAfter = duration(value); break;
                    case "--ready-blocks": s.readyBlocks = value; break;
                    case "--exit-code": s.exitCode = Integer.parseInt(value); break;
                    case "--startup-fails": s.startupFails = true; break;
                    case "--startup-retries": s.startupRetries = true; break;
                    case "--after-failure": s.waitAfterFailure = value.equals("wait"); break;
                    case "--virtual-loop": s.virtualLoop = true; break;
                    case "--idle-threads": s.idleThreads = Integer.parseInt(value); break;
                    case "--idle-depth": s.idleDepth = Integer.parseInt(value); break;
                    case "--heap-live": s.heapLive = Integer.parseInt(value); break;
                    case "--churn-threads": s.churnThreads = Integer.parseInt(value); break;
                    default: throw new IllegalArgumentException("unknown argument: " + arg);
                }
            }
            return s;
        }

        private static Duration duration(String text) {
            if (text.endsWith("ms")) return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            if (text.endsWith("s")) return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            throw new IllegalArgumentException("bad duration: " + text);
        }
    }

    enum Fault {
        NONE, HANG, SPIN, LOCK_DEADLOCK, SYNC_DEADLOCK, IDLE, SLOW_TICK, EXIT,
        VIRTUAL_LOCK_DEADLOCK, VIRTUAL_SYNC_DEADLOCK, LOOP_DIES, INTERRUPT_ALL,
        TRYLOCK_BACKOFF, VIRTUAL_TRYLOCK_BACKOFF, CROWDED_VIRTUAL_HANG, GC_CHURN
    }

    private TestApp() {
    }
}
