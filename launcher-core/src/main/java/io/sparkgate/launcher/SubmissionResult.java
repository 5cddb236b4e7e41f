package io.sparkgate.launcher;

/**
 * The outcome of one submission attempt: the driver was created, an existing driver of the same submission was
 * adopted, or the submission failed with a reason and whether trying again may help.
 */
public sealed interface SubmissionResult {

    /** The submission id the attempt was for. */
    String submissionId();

    /** Whether the driver runs (created now or adopted). */
    default boolean succeeded() {
        return !(this instanceof Failed);
    }

    /**
     * The driver pod, its ConfigMap and Service were created by this attempt.
     *
     * @param driverPodName the driver pod's name, for {@code status.driverInfo.podName}
     * @param appId         Spark's application id, for {@code status.sparkApplicationId}
     * @param submissionId  the submission id
     */
    record Submitted(String driverPodName, String appId, String submissionId) implements SubmissionResult {
    }

    /**
     * A driver pod of the same submission already existed (a retried attempt) and was taken over; missing
     * ConfigMap or Service were created.
     *
     * @param driverPodName the driver pod's name
     * @param appId         Spark's application id read from the existing pod
     * @param submissionId  the submission id
     */
    record Adopted(String driverPodName, String appId, String submissionId) implements SubmissionResult {
    }

    /**
     * Nothing runs for this submission and nothing this attempt created is left behind.
     *
     * @param reason       a sentence fit for {@code status.applicationState.errorMessage}
     * @param retryable    whether the same submission may succeed later (API server throttling or outage)
     * @param submissionId the submission id
     */
    record Failed(String reason, boolean retryable, String submissionId) implements SubmissionResult {
    }
}
