package io.sparkgate.cli.app;

/** A failure the user can act on: printed as one line, the command exits non-zero, no stack trace. */
public final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure with the one-line message the user sees. */
    public CliFailure(String message) {
        super(message, null, false, false);
    }
}
