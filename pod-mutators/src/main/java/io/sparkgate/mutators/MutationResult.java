package io.sparkgate.mutators;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of running the mutator chain on a pod.
 *
 * @param mutated  the pod after every mutator ran (the original pod when refused; null when invalid)
 * @param patch    the RFC 6902 patch from the original pod to {@code mutated}; empty when nothing changed, refused
 *                 or invalid
 * @param warnings what could not be honoured, or what was overridden, for the admission response
 * @param refusal  the message to deny the pod with, when a mutator found that applying part would be unsafe
 * @param invalid  the field and what is wrong with it, when the admitted object cannot be read as a Pod (the
 *                 webhook answers 422 Invalid, as the API server does for an invalid object)
 */
public record MutationResult(Pod mutated, ArrayNode patch, List<String> warnings, Optional<String> refusal,
                             Optional<String> invalid) {

    /** A result that admits the pod with the patch. */
    public MutationResult(Pod mutated, ArrayNode patch, List<String> warnings) {
        this(mutated, patch, warnings, Optional.empty(), Optional.empty());
    }

    /** A result that admits the pod with the patch, or refuses it. */
    public MutationResult(Pod mutated, ArrayNode patch, List<String> warnings, Optional<String> refusal) {
        this(mutated, patch, warnings, refusal, Optional.empty());
    }

    /** Copies the warnings so the result never changes after it is returned. */
    public MutationResult {
        warnings = List.copyOf(warnings);
        refusal = refusal == null ? Optional.empty() : refusal;
        invalid = invalid == null ? Optional.empty() : invalid;
    }

    /** The result for an object that is not a readable Pod: no patch, the problem naming the field. */
    public static MutationResult invalid(String problem, ArrayNode emptyPatch) {
        return new MutationResult(null, emptyPatch, List.of(), Optional.empty(), Optional.of(problem));
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
