package io.sparkgate.cli.server;

import java.io.IOException;
import java.util.concurrent.Callable;

/** Turns the expected failures of a server verb (bad files, busy port) into one clear line and exit code 1. */
final class CommandErrors {
    private CommandErrors() {
    }

    /** Runs {@code body}; an expected failure prints {@code sparkgate <verb>: <message>} and returns 1. */
    static int run(String verb, Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            System.err.println("sparkgate " + verb + ": " + e.getMessage());
            return 1;
        }
    }
}
