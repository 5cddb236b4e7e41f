package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** What one webhook call came to: an answer allowing (maybe with a patch), a denial, or no usable answer. */
sealed interface WebhookResult {

    /** Warnings the webhook returned, echoed to the client. */
    List<String> warnings();

    /**
     * The webhook allowed the request.
     *
     * @param patch    the decoded JSON Patch, or null when the webhook did not patch
     * @param warnings warnings to echo
     */
    record Allowed(JsonNode patch, List<String> warnings) implements WebhookResult {
    }

    /**
     * The webhook denied the request.
     *
     * @param code     the HTTP code it chose (kube-apiserver uses 403 below 400)
     * @param reason   the Status reason it gave, may be empty
     * @param message  its message, may be empty
     * @param warnings warnings to echo
     */
    record Denied(int code, String reason, String message, List<String> warnings) implements WebhookResult {
    }

    /**
     * The call failed: no connection, TLS refused, timeout, bad HTTP status or an invalid AdmissionReview.
     *
     * @param error what went wrong, in the form kube-apiserver reports it
     */
    record Failed(String error) implements WebhookResult {
        @Override
        public List<String> warnings() {
            return List.of();
        }
    }
}
