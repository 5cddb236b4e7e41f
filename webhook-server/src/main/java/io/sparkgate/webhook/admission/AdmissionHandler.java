package io.sparkgate.webhook.admission;

import java.util.concurrent.CompletionStage;

/**
 * Decides one AdmissionRequest for one endpoint. Plain Java, so it is tested without HTTP. Handlers are called on
 * an event loop: they must not block; a handler that has to wait (an app not yet in the cache) returns an
 * incomplete stage instead.
 */
public interface AdmissionHandler {

    /** Decides the request; the stage completes with the outcome, or exceptionally on a bug. */
    CompletionStage<AdmissionOutcome> handle(AdmissionCall call);
}
