package io.sparkgate.operator;

import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.launcher.SubmissionResult;

/**
 * Creates (or adopts) the driver of one submission. The state machine depends on this rather than on
 * launcher-core directly, so tests can drive every outcome; the production implementation delegates to
 * launcher-core's submitter, which is idempotent per submission id.
 */
@FunctionalInterface
public interface AppSubmitter {
    /** Submits the app under {@code submissionId}; never throws for an expected failure. */
    SubmissionResult submit(SparkApplication app, String submissionId);
}
