package io.sparkgate.mutators;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.Json;
import java.util.List;

/**
 * Runs mutators in order on a deep copy of the admitted pod and diffs original against mutated into the JSON
 * Patch, so no mutator ever writes patch operations by hand. A mutator that refuses the pod, or fails, stops the
 * chain: the result then carries the refusal and no patch, so nothing is half-applied.
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
        Pod pod = toPod(originalPod);
        for (PodMutator mutator : mutators) {
            try {
                mutator.mutate(context, pod);
            } catch (RuntimeException e) {
                // A bug must not admit the pod silently unmutated (kubeflow/spark-operator#2448): deny, say why.
                context.refuse("mutator " + mutator.name() + " failed: " + e.getMessage());
            }
            if (context.refusal().isPresent()) {
                Pod original = toPod(originalPod);
                return new MutationResult(original, Json.mapper().createArrayNode(), context.warnings(),
                        context.refusal());
            }
        }
        JsonNode mutated = Json.mapper().valueToTree(pod);
        ArrayNode patch = PatchDiff.diff(originalPod, mutated);
        return new MutationResult(pod, patch, context.warnings());
    }

    /** The pod read straight off the tree; {@code convertValue} would first copy the tree into a token buffer. */
    private static Pod toPod(JsonNode tree) {
        try {
            return Json.mapper().treeToValue(tree, Pod.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid Pod: " + e.getOriginalMessage(), e);
        }
    }
}
