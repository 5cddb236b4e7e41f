package io.sparkgate.webhook.admission;

import io.sparkgate.policy.AdmissionDecision;

/**
 * A validation of one kind of object, typed: the policy module's validators plug in here. It returns a decision,
 * never a patch: a validating endpoint cannot change the object.
 *
 * @param <T> the object type (Pod, SparkApplication, ...)
 */
@FunctionalInterface
public interface ObjectValidator<T> {

    /** Decides on {@code object}; {@code call} carries the operation, namespace and {@code dryRun}. */
    AdmissionDecision validate(AdmissionCall call, T object);

    /** A validator that allows everything, until a real one is wired. */
    static <T> ObjectValidator<T> allowAll() {
        return (call, object) -> AdmissionDecision.allow();
    }
}
