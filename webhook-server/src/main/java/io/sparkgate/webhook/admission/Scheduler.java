package io.sparkgate.webhook.admission;

/** Runs a task later without blocking the caller: a Vert.x timer in the server, an executor in tests. */
@FunctionalInterface
public interface Scheduler {

    /** Runs {@code task} once after {@code delayMillis} milliseconds. */
    void schedule(long delayMillis, Runnable task);
}
