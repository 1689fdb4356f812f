package io.github.sdwatchdog.config;

/**
 * Every exit status the agent and its command line use, in one place (sysexits.h where one fits), so units,
 * scripts and the help text agree.
 */
public final class ExitStatus {
    /** It worked; {@code check}: the options will work. */
    public static final int OK = 0;
    /** A command failed for a reason it printed ({@code listen}: the socket). */
    public static final int FAILED = 1;
    /** The command line itself is wrong: an unknown command or argument. */
    public static final int USAGE = 2;
    /**
     * {@code check}: a warning (the ready method may never return, or a progress method is a loop idle threads
     * wait in); {@code suggest --ready-url}: the URL did not answer 2xx in time.
     */
    public static final int WARNING = 3;
    /** {@code suggest --ready-url}: no ready method can be named (the start was missed, or none returned). */
    public static final int NONE_NAMED = 4;
    /** EX_NOINPUT, {@code check}: a class path entry cannot be read. */
    public static final int CLASS_PATH_UNREADABLE = 66;
    /** The default for {@code on-unhealthy=exit} (EX_SOFTWARE). */
    public static final int UNHEALTHY_DEFAULT = 70;
    /**
     * EX_CONFIG: a bad option, or a missing class or method; the agent stops the JVM with it, so units can say
     * {@code RestartPreventExitStatus=78} and a bad option is not retried. {@code on-unhealthy=exit} may not use it.
     */
    public static final int BAD_OPTIONS = 78;

    private ExitStatus() {
    }
}
