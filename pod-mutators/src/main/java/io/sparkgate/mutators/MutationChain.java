package io.sparkgate.mutators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.Json;
import io.sparkgate.api.ModelForms;
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

    /**
     * Mutates a copy of the pod given as a JSON tree; the tree itself is left untouched. A tree that cannot be read
     * as a Pod (a string where a list belongs, a null list entry) gives an {@link MutationResult#invalid} result
     * naming the field, never an exception.
     */
    public MutationResult run(MutationContext context, JsonNode originalPod) {
        PodReading.Read read = PodReading.read(originalPod);
        if (read.problem() != null) {
            return MutationResult.invalid(read.problem(), Json.mapper().createArrayNode());
        }
        Pod pod = read.pod();
        for (PodMutator mutator : mutators) {
            try {
                mutator.mutate(context, pod);
            } catch (RuntimeException e) {
                // A bug must not admit the pod silently unmutated (kubeflow/spark-operator#2448): deny, say why.
                context.refuse("mutator " + mutator.name() + " failed: " + e.getMessage());
            }
            if (context.refusal().isPresent()) {
                return new MutationResult(PodReading.read(originalPod).pod(), Json.mapper().createArrayNode(),
                        context.warnings(), context.refusal());
            }
        }
        JsonNode mutated = ModelForms.tree(pod);
        ArrayNode patch = PatchDiff.diff(originalPod, mutated);
        return new MutationResult(pod, patch, context.warnings());
    }
}
