package io.github.sdwatchdog.config;

/** A bad option. The message is one line that names the option and says what was expected. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
