package io.sparkgate.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.mutators.MutationChain;
import io.sparkgate.mutators.MutationContext;
import io.sparkgate.mutators.MutationResult;

/**
 * The pod mutation the webhook runs: today a {@link MutationChain}, later the policy module's pipeline (app
 * mutators then admin defaults). One seam, so {@code /mutate/pods} does not change when the pipeline grows.
 */
@FunctionalInterface
public interface PodMutation {

    /** Mutates a copy of {@code pod}; the tree itself is left untouched. */
    MutationResult mutate(MutationContext context, JsonNode pod);

    /** The mutation of a chain. */
    static PodMutation of(MutationChain chain) {
        return chain::run;
    }
}
