package io.sparkgate.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.mutators.MutationChain;
import io.sparkgate.mutators.MutationContext;
import io.sparkgate.mutators.MutationResult;
import io.sparkgate.policy.PodMutationPipeline;
import io.sparkgate.policy.quota.ClusterView;

/**
 * The pod mutation the webhook runs: the policy module's pipeline (app mutators, then the admins' defaults for the
 * namespace), or a bare chain in tests. One seam, so {@code /mutate/pods} does not change when the pipeline grows.
 */
@FunctionalInterface
public interface PodMutation {

    /** Mutates a copy of {@code pod}; the tree itself is left untouched. */
    MutationResult mutate(MutationContext context, JsonNode pod);

    /** The mutation of a chain. */
    static PodMutation of(MutationChain chain) {
        return chain::run;
    }

    /**
     * The full pipeline, with the admission namespace's labels (which select the policies) read from {@code view}
     * (an informer cache: no API call on the hot path).
     */
    static PodMutation of(PodMutationPipeline pipeline, ClusterView view) {
        return (context, pod) -> pipeline.mutate(context, pod, view.labelsOf(context.namespace()));
    }
}
