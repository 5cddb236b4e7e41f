package io.sparkgate.operator;

import io.sparkgate.api.v1beta2.RestartPolicy;
import io.sparkgate.api.v1beta2.RestartPolicyType;
import io.sparkgate.api.v1beta2.SparkApplicationStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * kubeflow's retry rules for {@code restartPolicy}: whether a failed run or a failed submission is tried again,
 * and when. Intervals grow linearly with the attempts made, as kubeflow's {@code isNextRetryDue} does.
 */
final class RetryPolicy {
    /** kubeflow's defaulting webhook sets both intervals to 5 seconds when they are left out. */
    static final long DEFAULT_INTERVAL_SECONDS = 5;

    private RetryPolicy() {
    }

    /** Whether a failed run is run again: {@code Always}, or {@code OnFailure} with retries left. */
    static boolean retryRun(RestartPolicy policy, SparkApplicationStatus status) {
        return switch (policy.typeOrDefault()) {
            case Always -> true;
            case OnFailure -> policy.onFailureRetries() != null
                    && status.getExecutionAttempts() <= policy.onFailureRetries();
            case Never -> false;
        };
    }

    /** Whether a failed submission is tried again: {@code Always}, or {@code OnFailure} with retries left. */
    static boolean retrySubmission(RestartPolicy policy, SparkApplicationStatus status) {
        return switch (policy.typeOrDefault()) {
            case Always -> policy.onSubmissionFailureRetries() == null
                    || status.getSubmissionAttempts() <= policy.onSubmissionFailureRetries();
            case OnFailure -> policy.onSubmissionFailureRetries() != null
                    && status.getSubmissionAttempts() <= policy.onSubmissionFailureRetries();
            case Never -> false;
        };
    }

    /** When the next run is due after a run that ended at {@code ended}. */
    static Instant nextRunDue(RestartPolicy policy, SparkApplicationStatus status, Instant ended) {
        long interval = policy.onFailureRetryInterval() == null ? DEFAULT_INTERVAL_SECONDS
                : policy.onFailureRetryInterval();
        return ended.plus(Duration.ofSeconds(interval).multipliedBy(Math.max(1, status.getExecutionAttempts())));
    }

    /** When the next submission is due after an attempt at {@code attempted}. */
    static Instant nextSubmissionDue(RestartPolicy policy, SparkApplicationStatus status, Instant attempted) {
        long interval = policy.onSubmissionFailureRetryInterval() == null ? DEFAULT_INTERVAL_SECONDS
                : policy.onSubmissionFailureRetryInterval();
        return attempted.plus(Duration.ofSeconds(interval)
                .multipliedBy(Math.max(1, status.getSubmissionAttempts())));
    }

    /** Whether a successful run is run again ({@code Always} only). */
    static boolean rerunAfterSuccess(RestartPolicy policy) {
        return policy.typeOrDefault() == RestartPolicyType.Always;
    }
}
