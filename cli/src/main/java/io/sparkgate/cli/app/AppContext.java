package io.sparkgate.cli.app;

import java.time.Clock;
import java.util.Objects;

/** What the app verbs need from outside: a clock for ages and a way to reach the cluster. */
public record AppContext(Clock clock, ClientFactory clients) {
    /** Both are required. */
    public AppContext {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(clients, "clients");
    }

    /** The system clock and the kubeconfig-based client. */
    public static AppContext system() {
        return new AppContext(Clock.systemUTC(), ClientFactory.kubeconfig());
    }
}
