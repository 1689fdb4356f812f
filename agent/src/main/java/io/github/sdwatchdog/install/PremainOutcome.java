package io.github.sdwatchdog.install;

/**
 * Whether premain installed the agent. The native loader starts before premain ends; it loads JNA meanwhile
 * but waits for this before it acts on the process (the notify socket, the environment children inherit), so
 * a premain that fails leaves the service as it was.
 */
final class PremainOutcome {
    private boolean decided;
    private boolean installed;

    synchronized void decide(boolean agentInstalled) {
        decided = true;
        installed = agentInstalled;
        notifyAll();
    }

    /** Waits for premain's end; true if the agent was installed. */
    synchronized boolean awaitInstalled() {
        while (!decided) {
            try {
                wait();
            } catch (InterruptedException e) {
                // the agent's threads ignore interrupts (an application may interrupt every thread)
            }
        }
        return installed;
    }
}
