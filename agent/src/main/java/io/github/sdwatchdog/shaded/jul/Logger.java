package io.github.sdwatchdog.shaded.jul;

import io.github.sdwatchdog.log.AgentLog;

import java.util.Arrays;

/** Stands in for {@code java.util.logging.Logger} inside JNA and SDNotify; see {@link Level}. Warnings and worse reach the agent log. */
public final class Logger {
    private static final Logger INSTANCE = new Logger();

    public static Logger getLogger(String name) {
        return INSTANCE;
    }

    public boolean isLoggable(Level level) {
        return level.intValue() >= Level.WARNING.intValue();
    }

    public void log(Level level, String message) {
        if (isLoggable(level)) {
            AgentLog.warn(message);
        }
    }

    public void log(Level level, String message, Throwable thrown) {
        if (isLoggable(level)) {
            AgentLog.warn(message + ": " + thrown);
        }
    }

    public void log(Level level, String message, Object parameter) {
        if (isLoggable(level)) {
            AgentLog.warn(message + " " + parameter);
        }
    }

    public void log(Level level, String message, Object[] parameters) {
        if (isLoggable(level)) {
            AgentLog.warn(message + " " + Arrays.toString(parameters));
        }
    }
}
