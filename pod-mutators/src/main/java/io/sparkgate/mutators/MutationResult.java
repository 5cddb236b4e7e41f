package io.sparkgate.mutators;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * The outcome of running the mutator chain on a pod.
 *
 * @param mutated  the pod after every mutator ran
 * @param patch    the RFC 6902 patch from the original pod to {@code mutated}; empty when nothing changed
 * @param warnings what could not be honoured, or what was overridden, for the admission response
 */
public record MutationResult(Pod mutated, ArrayNode patch, List<String> warnings) {

    /** Whether the pod was changed. */
    public boolean changed() {
        return !patch.isEmpty();
    }
}
