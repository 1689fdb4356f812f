package io.github.sdwatchdog.install;

/** One process above this JVM, as far as the activation decision needs to know it. */
final class Ancestor {
    final long pid;
    /** A JVM that loads this agent: it speaks for the service, so its descendants must not. */
    final boolean runsAgent;
    /** Its command's name, for messages. */
    final String command;

    Ancestor(long pid, boolean runsAgent, String command) {
        this.pid = pid;
        this.runsAgent = runsAgent;
        this.command = command;
    }

    @Override
    public String toString() {
        return pid + " (" + command + ")";
    }
}
