package io.sparkgate.mutators;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of running the mutator chain on a pod.
 *
 * @param mutated  the pod after every mutator ran (the original pod when refused)
 * @param patch    the RFC 6902 patch from the original pod to {@code mutated}; empty when nothing changed or refused
 * @param warnings what could not be honoured, or what was overridden, for the admission response
 * @param refusal  the message to deny the pod with, when a mutator found that applying part would be unsafe
 */
public record MutationResult(Pod mutated, ArrayNode patch, List<String> warnings, Optional<String> refusal) {

    /** A result that admits the pod with the patch. */
    public MutationResult(Pod mutated, ArrayNode patch, List<String> warnings) {
        this(mutated, patch, warnings, Optional.empty());
    }

    /** Copies the warnings so the result never changes after it is returned. */
    public MutationResult {
        warnings = List.copyOf(warnings);
        refusal = refusal == null ? Optional.empty() : refusal;
    }

    /** Whether the pod was changed. */
    public boolean changed() {
        return !patch.isEmpty();
    }

    /** Whether the pod must be denied; {@link #refusal()} says why. */
    public boolean refused() {
        return refusal.isPresent();
    }
}
