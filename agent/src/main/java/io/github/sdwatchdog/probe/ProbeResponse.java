package io.github.sdwatchdog.probe;

import io.github.sdwatchdog.health.Health;

import java.util.ArrayList;
import java.util.List;

/**
 * The three probes' answers, in the form of Kubernetes' own /livez and /readyz: one {@code [+]name ok} or
 * {@code [-]name failed: reason} line per check, and a last line saying whether the probe passed.
 */
final class ProbeResponse {
    final int status;
    final String body;

    private ProbeResponse(int status, String body) {
        this.status = status;
        this.body = body;
    }

    /** The answer to a GET or HEAD: the three probes (?verbose for every line), the index at /, 404 elsewhere. */
    static ProbeResponse route(ProbeView view, String path, String query) {
        boolean verbose = query != null && (query.equals("verbose") || query.startsWith("verbose=") || query.contains("&verbose"));
        switch (path) {
            case "/livez": return livez(view, verbose);
            case "/readyz": return readyz(view, verbose);
            case "/startupz": return startupz(view, verbose);
            case "/": return new ProbeResponse(200, index());
            default: return new ProbeResponse(404, "not found: " + path + "\n" + index());
        }
    }

    /** Alive unless the watchdog's verdict is unhealthy or stale. Before READY, alive: startup is the startup probe's. */
    private static ProbeResponse livez(ProbeView view, boolean verbose) {
        List<String> lines = new ArrayList<>();
        boolean verdict = verdictLines(view, lines);
        return answer("livez", verdict || observed(view, lines), lines, verbose || !verdict);
    }

    /** Ready once the ready method has returned and while the verdict is healthy. */
    private static ProbeResponse readyz(ProbeView view, boolean verbose) {
        List<String> lines = new ArrayList<>();
        boolean ready = readyLine(view, lines);
        boolean verdict = verdictLines(view, lines);
        return answer("readyz", ready && (verdict || observed(view, lines)), lines, verbose || !verdict);
    }

    /** In observe mode a failed verdict is shown, with this marker, and the probe passes: nothing acts on it. */
    private static boolean observed(ProbeView view, List<String> lines) {
        if (view.observing()) {
            lines.add("[+]on-unhealthy ok: log (observe mode): a failure above is reported, not acted on; "
                    + "on-unhealthy=withhold would fail this probe");
        }
        return view.observing();
    }

    /** Started once the ready method has returned. */
    private static ProbeResponse startupz(ProbeView view, boolean verbose) {
        List<String> lines = new ArrayList<>();
        boolean ok = readyLine(view, lines);
        return answer("startupz", ok, lines, verbose);
    }

    private static boolean readyLine(ProbeView view, List<String> lines) {
        if (view.ready()) {
            lines.add("[+]ready ok");
            return true;
        }
        lines.add("[-]ready failed: " + view.waitingFor());
        return false;
    }

    private static boolean verdictLines(ProbeView view, List<String> lines) {
        if (!view.ready()) {
            lines.add("[+]watchdog ok: starting; health is checked once the service is ready");
            return true;
        }
        Health latest = view.latest();
        if (latest == null) {
            lines.add("[+]watchdog ok: the first check is under way");
            return true;
        }
        boolean ok = true;
        String staleness = view.staleness();
        if (staleness == null) {
            lines.add("[+]checks-complete ok");
        } else {
            lines.add("[-]checks-complete failed: " + staleness);
            ok = false;
        }
        for (Health.Check check : latest.checks()) {
            lines.add(check.ok ? "[+]" + check.name + " ok: " + check.detail : "[-]" + check.name + " failed: " + check.detail);
            ok &= check.ok;
        }
        return ok && latest.isHealthy();
    }

    private static ProbeResponse answer(String probe, boolean ok, List<String> lines, boolean verbose) {
        StringBuilder body = new StringBuilder();
        if (verbose || !ok) {
            for (String line : lines) {
                body.append(line).append('\n');
            }
            body.append(probe).append(ok ? " check passed\n" : " check failed\n");
        } else {
            body.append("ok\n");
        }
        return new ProbeResponse(ok ? 200 : 500, body.toString());
    }

    private static String index() {
        return "sd-watchdog probe endpoints (add ?verbose for one line per check):\n"
                + "  /livez     200 while the watchdog's verdict is healthy (and before READY); 500 when a point is stuck,\n"
                + "             a heartbeat stopped, threads are deadlocked, or health checks stop completing\n"
                + "  /readyz    200 once the ready method has returned and while the verdict is healthy\n"
                + "  /startupz  200 once the ready method has returned\n";
    }
}
