package io.github.sdwatchdog.health;


import java.util.List;

/** The outcome of one check: healthy or not, a one-line status, each rule's result, and what changed since the last check. */
public final class Health {
    /** One rule's result: a point, or the deadlock search. */
    public static final class Check {
        public final String name;
        public final boolean ok;
        public final String detail;

        Check(String name, boolean ok, String detail) {
            this.name = name;
            this.ok = ok;
            this.detail = detail;
        }
    }

    private final boolean healthy;
    private final List<Check> checks;
    private final String status;
    private final String newProblemReport;
    private final String recovery;
    private final String note;

    Health(boolean healthy, List<Check> checks, String status, String newProblemReport, String recovery, String note) {
        this.note = note;
        this.healthy = healthy;
        this.checks = List.copyOf(checks);
        this.status = status;
        this.newProblemReport = newProblemReport;
        this.recovery = recovery;
    }

    public boolean isHealthy() {
        return healthy;
    }

    /** Each rule's result, in configuration order, the deadlock search last. */
    public List<Check> checks() {
        return checks;
    }

    /** One line for {@code STATUS=}. */
    public String status() {
        return status;
    }

    /** The diagnostic report when a problem appeared at this check, else null. */
    public String newProblemReport() {
        return newProblemReport;
    }

    /** Something to log at info level, such as observe mode's growing quiet times; else null. */
    public String note() {
        return note;
    }

    /** What recovered at this check, else null. */
    public String recovery() {
        return recovery;
    }
}
