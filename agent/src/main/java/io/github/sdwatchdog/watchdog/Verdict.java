package io.github.sdwatchdog.watchdog;

import io.github.sdwatchdog.health.Health;

/** One completed check, as the checker thread hands it to the loop. */
final class Verdict {
    final Health health;
    final String pauseNote;
    final long completedAtNanos;

    Verdict(Health health, String pauseNote, long completedAtNanos) {
        this.health = health;
        this.pauseNote = pauseNote;
        this.completedAtNanos = completedAtNanos;
    }

    /** Something the loop must say: a report, a recovery, a pause, or a change of verdict. */
    boolean hasNews(Verdict previous) {
        return health.newProblemReport() != null || health.recovery() != null || pauseNote != null || health.note() != null
                || previous == null || previous.health.isHealthy() != health.isHealthy();
    }
}
