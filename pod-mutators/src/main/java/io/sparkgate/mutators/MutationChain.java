package io.sparkgate.mutators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.github.fge.jsonpatch.diff.JsonDiff;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.Json;
import java.util.List;

/**
 * Runs mutators in order on a deep copy of the admitted pod and diffs original against mutated into the JSON
 * Patch, so no mutator ever writes patch operations by hand.
 */
public final class MutationChain {
    private final List<PodMutator> mutators;

    /** A chain of the given mutators, run in list order. */
    public MutationChain(List<PodMutator> mutators) {
        this.mutators = List.copyOf(mutators);
    }

    /** The mutators in the order they run. */
    public List<PodMutator> mutators() {
        return mutators;
    }

    /** Mutates a copy of the pod given as a JSON tree; the tree itself is left untouched. */
    public MutationResult run(MutationContext context, JsonNode originalPod) {
        Pod pod = Json.mapper().convertValue(originalPod, Pod.class);
        for (PodMutator mutator : mutators) {
            mutator.mutate(context, pod);
        }
        JsonNode mutated = Json.mapper().valueToTree(pod);
        ArrayNode patch = (ArrayNode) JsonDiff.asJson(originalPod, mutated);
        return new MutationResult(pod, patch, context.warnings());
    }
}
