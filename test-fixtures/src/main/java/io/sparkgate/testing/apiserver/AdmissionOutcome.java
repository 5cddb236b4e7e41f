package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The end of admission for one write: the object to store, or the refusal to send back. */
sealed interface AdmissionOutcome {

    /** Warnings collected from the webhooks, echoed to the client in either case. */
    List<String> warnings();

    /**
     * Every webhook allowed the write.
     *
     * @param object   the object after all patches
     * @param warnings warnings to echo
     */
    record Admitted(JsonNode object, List<String> warnings) implements AdmissionOutcome {
    }

    /**
     * A webhook denied the write, or could not be called and fails closed.
     *
     * @param code     HTTP status of the refusal
     * @param reason   Status reason
     * @param message  Status message, worded as kube-apiserver words it
     * @param warnings warnings to echo
     */
    record Rejected(int code, String reason, String message, List<String> warnings) implements AdmissionOutcome {
    }
}
