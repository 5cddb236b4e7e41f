package io.sparkgate.mutators;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * One named pod mutation. It edits the pod it is given in place (a deep copy of the admitted pod, owned by the
 * chain) and must be idempotent: running it on its own output changes nothing.
 */
public interface PodMutator {

    /** A stable name used in logs, metrics and configuration toggles. */
    String name();

    /** Edits {@code pod}; reports what it could not honour through {@link MutationContext#warn}. */
    void mutate(MutationContext context, Pod pod);
}
