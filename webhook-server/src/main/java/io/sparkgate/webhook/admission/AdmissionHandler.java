package io.sparkgate.webhook.admission;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Decides one AdmissionRequest for one endpoint. Plain Java, so it is tested without HTTP. The server calls
 * handlers on its bounded decision pool, never on an event loop; a handler that has to wait (an app not yet in the
 * cache) returns an incomplete stage instead of blocking its worker.
 */
public interface AdmissionHandler {

    /** Decides the request; the stage completes with the outcome, or exceptionally on a bug. */
    CompletionStage<AdmissionOutcome> handle(AdmissionCall call);

    /**
     * The answer when no decision can be made in time or at all (the decision deadline passed, the input is beyond
     * sparkgate's bounds): a denial for a validating endpoint, which fails closed. A mutating endpoint overrides
     * this to admit the object unchanged with a warning, since its validating partner still checks it.
     *
     * @param code    the status code of a denial, e.g. 504 for a missed deadline, 422 for unbounded input
     * @param reason  the status reason, e.g. {@code Timeout} or {@code Invalid}
     * @param message a sentence naming what happened
     */
    default AdmissionOutcome fallback(AdmissionCall call, int code, String reason, String message) {
        return new AdmissionOutcome.Denied(code, reason, message, List.of());
    }
}
