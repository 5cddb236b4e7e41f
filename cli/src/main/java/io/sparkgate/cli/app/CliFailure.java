package io.sparkgate.cli.app;

/**
 * A failure the user can act on: printed as one line, the command exits non-zero, no stack trace. Every verb
 * follows one rule: {@value #REFUSED} when the cluster (or a policy) refused or the operation failed,
 * {@value #BAD_INPUT} when the input itself is wrong (a file that does not read, an invalid manifest, a flag).
 */
public final class CliFailure extends RuntimeException {
    /** Exit code of a refusal or a failed operation. */
    public static final int REFUSED = 1;
    /** Exit code of bad input, as picocli's for a usage error. */
    public static final int BAD_INPUT = 2;
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /** A refusal or failure with the one-line message the user sees (exit code {@value #REFUSED}). */
    public CliFailure(String message) {
        this(message, REFUSED);
    }

    private CliFailure(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** Bad input with the one-line message the user sees (exit code {@value #BAD_INPUT}). */
    public static CliFailure badInput(String message) {
        return new CliFailure(message, BAD_INPUT);
    }

    /** The exit code this failure ends the command with. */
    public int exitCode() {
        return exitCode;
    }
}
