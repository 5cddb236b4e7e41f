package io.sparkgate.launcher;

/**
 * A SparkApplication the launcher cannot turn into Spark's objects, naming the offending field. Nothing has been
 * created when this is thrown; the message is fit for {@code status.applicationState.errorMessage}.
 */
public final class InvalidSparkApplication extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final String problem;

    /**
     * Creates the error.
     *
     * @param field   the field's path in the SparkApplication, e.g. {@code spec.driver.memory}
     * @param problem what is wrong with it, in plain words
     */
    public InvalidSparkApplication(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** The offending field's path, e.g. {@code spec.mainApplicationFile}. */
    public String field() {
        return field;
    }

    /** What is wrong with the field. */
    public String problem() {
        return problem;
    }
}
