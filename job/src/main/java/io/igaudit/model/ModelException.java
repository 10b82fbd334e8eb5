package io.igaudit.model;

/** A model could not be loaded or run; the message names the file and what was wrong. */
public final class ModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean configurationProblem;

    /** An error with a message for people. */
    public ModelException(String message) {
        this(message, null, false);
    }

    private ModelException(String message, Throwable cause, boolean configurationProblem) {
        super(message, cause);
        this.configurationProblem = configurationProblem;
    }

    /**
     * An error that the configuration causes on any machine like this one (e.g. a GPU asked for
     * where there is none): the job reports it as bad configuration, also when an executor finds it.
     */
    public static ModelException configurationProblem(String message) {
        return new ModelException(message, null, true);
    }

    /** True when the configuration must change (see {@link #configurationProblem(String)}). */
    public boolean isConfigurationProblem() {
        return configurationProblem;
    }

    /** An error with a message for people, wrapping the engine's exception. */
    public ModelException(String message, Throwable cause) {
        this(message, cause, false);
    }
}
