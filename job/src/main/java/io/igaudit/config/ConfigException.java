package io.igaudit.config;

/**
 * Bad configuration or input, found before heavy work starts (exit code 2). The message names
 * the key, column or file, what was expected, what was found and how to fix it.
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An error with a message for people. */
    public ConfigException(String message) {
        super(message);
    }

    /** An error with a message for people and its cause. */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
