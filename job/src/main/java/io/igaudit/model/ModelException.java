package io.igaudit.model;

/** A model could not be loaded or run; the message names the file and what was wrong. */
public final class ModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An error with a message for people. */
    public ModelException(String message) {
        super(message);
    }

    /** An error with a message for people, wrapping the engine's exception. */
    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
