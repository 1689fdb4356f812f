package io.github.sdwatchdog.health;

/** The outcome of one check: healthy or not, a one-line status, and what changed since the last check. */
public final class Health {
    private final boolean healthy;
    private final String status;
    private final String newProblemReport;
    private final String recovery;

    Health(boolean healthy, String status, String newProblemReport, String recovery) {
        this.healthy = healthy;
        this.status = status;
        this.newProblemReport = newProblemReport;
        this.recovery = recovery;
    }

    public boolean isHealthy() {
        return healthy;
    }

    /** One line for {@code STATUS=}. */
    public String status() {
        return status;
    }

    /** The diagnostic report when a problem appeared at this check, else null. */
    public String newProblemReport() {
        return newProblemReport;
    }

    /** What recovered at this check, else null. */
    public String recovery() {
        return recovery;
    }
}
