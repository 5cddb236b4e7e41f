package io.sparkgate.mutators;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import java.util.Optional;

/**
 * A mutator driven by the pod's SparkApplication: it does nothing for a pod without one, and sees the role's
 * spec ({@code spec.driver} or {@code spec.executor}) with the field path used in warnings.
 */
abstract class AppMutator implements PodMutator {

    @Override
    public final void mutate(MutationContext context, Pod pod) {
        Optional<SparkApplication> app = context.app();
        if (app.isEmpty() || app.get().getSpec() == null) {
            return;
        }
        SparkPodSpec role = app.get().getSpec().role(context.role());
        mutate(context, pod, app.get(), role, "spec." + context.role().label());
    }

    /**
     * Edits the pod from the app.
     *
     * @param role      the role's part of the spec
     * @param roleField {@code spec.driver} or {@code spec.executor}, to name fields in warnings
     */
    abstract void mutate(MutationContext context, Pod pod, SparkApplication app, SparkPodSpec role, String roleField);

    /** The Spark container, or empty with a warning that {@code field} could not be applied. */
    static Optional<Container> sparkContainer(MutationContext context, Pod pod, String field) {
        Optional<Container> c = PodEdits.sparkContainer(pod);
        if (c.isEmpty()) {
            context.warn(field + ": the pod has no container to apply it to");
        }
        return c;
    }
}
