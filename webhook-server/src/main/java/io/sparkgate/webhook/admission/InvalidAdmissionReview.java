package io.sparkgate.webhook.admission;

/**
 * A request body that is not an {@code admission.k8s.io/v1} AdmissionReview sparkgate can answer. The message names
 * the problem and is returned to the caller; {@link #reason()} is a bounded metric tag.
 */
public final class InvalidAdmissionReview extends Exception {
    private final String reason;

    /**
     * @param reason  a short metric tag, e.g. {@code not_json}
     * @param message what is wrong with the body, for a person
     */
    public InvalidAdmissionReview(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** The bounded metric tag naming the kind of problem. */
    public String reason() {
        return reason;
    }
}
