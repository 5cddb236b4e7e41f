package io.sparkgate.launcher;

import java.time.Duration;

/**
 * How the submitter retries API calls the server throttled (429) or failed (5xx, connection errors): up to
 * {@code maxAttempts} tries, waiting {@code initialBackoff} and doubling up to {@code maxBackoff}.
 *
 * @param maxAttempts    tries per call, at least 1
 * @param initialBackoff the first wait
 * @param maxBackoff     the longest wait
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    /** Checks the values are usable. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoffs must satisfy 0 <= initial <= max");
        }
    }

    /** Five tries, 200 ms doubling to 5 s: about 3 s of patience before a submission is reported as failed. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /** The wait before try {@code attempt + 1} (attempt counts from 1). */
    public Duration backoff(int attempt) {
        long millis = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    /** Waits between tries; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        /** Waits for the given time. */
        void sleep(Duration duration) throws InterruptedException;
    }
}
