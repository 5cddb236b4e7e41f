package io.sparkgate.webhook.admission;

import io.sparkgate.policy.AdmissionDecision;

/**
 * The validation behind one validating endpoint: the policy engine's validators plug in here. It reads the raw
 * request (so a malformed object becomes a 422 naming the field, decided by the policy module) and returns a
 * decision, never a patch: a validating endpoint cannot change the object.
 */
@FunctionalInterface
public interface ObjectValidator {

    /** Decides on the request; {@code call} carries the operation, namespace, objects and {@code dryRun}. */
    AdmissionDecision validate(AdmissionCall call);

    /** A validator that allows everything. */
    static ObjectValidator allowAll() {
        return call -> AdmissionDecision.allow();
    }
}
