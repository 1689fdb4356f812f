package io.github.sdwatchdog.health;

import java.util.ArrayList;
import java.util.List;

/** What the rules found at one check, gathered for one {@link Health}. */
final class Findings {
    final List<Health.Check> checks = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final List<String> reports = new ArrayList<>();
    final List<String> recoveries = new ArrayList<>();
    /** A progress point went quiet with a call in flight: a deadlock may be why, so look for one now. */
    boolean stallSuspected;

    void ok(String check, String detail) {
        checks.add(new Health.Check(check, true, detail));
    }

    void failing(String check, String problem) {
        problems.add(problem);
        checks.add(new Health.Check(check, false, problem));
    }

    void report(String report) {
        reports.add(report);
    }

    void recovered(String what) {
        recoveries.add(what);
    }
}
