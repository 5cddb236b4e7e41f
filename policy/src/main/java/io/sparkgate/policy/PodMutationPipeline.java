package io.sparkgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.mutators.MutationChain;
import io.sparkgate.mutators.MutationContext;
import io.sparkgate.mutators.MutationResult;
import io.sparkgate.mutators.PodMutator;
import io.sparkgate.mutators.SparkAppMutators;
import io.sparkgate.policy.defaults.AdminDefaultsMutator;
import io.sparkgate.policy.tenant.PolicyIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The one place the full pod mutation order is composed, used by the mutating webhook and by
 * {@code sparkgate mutate}: first the SparkApplication's own mutators ({@link SparkAppMutators#all()}, in their
 * order), then {@link AdminDefaultsMutator} with the pod defaults of every SparkPolicy selecting the namespace,
 * in policy-name order. So an admin {@code default} yields to what the app set, and an {@code enforce} wins over
 * it.
 */
public final class PodMutationPipeline {
    private final Supplier<PolicyIndex> policies;

    /** @param policies the current policies, read once per admission (e.g. {@code registry::snapshot}) */
    public PodMutationPipeline(Supplier<PolicyIndex> policies) {
        this.policies = Objects.requireNonNull(policies, "policies");
    }

    /** The mutators that run for a pod in a namespace with these labels, in order. */
    public List<PodMutator> mutators(Map<String, String> namespaceLabels) {
        List<PodMutator> all = new ArrayList<>(SparkAppMutators.all());
        all.add(new AdminDefaultsMutator(policies.get().policiesFor(namespaceLabels)));
        return all;
    }

    /**
     * Mutates a copy of the admitted pod.
     *
     * @param context         the admission's namespace, the pod's role and its SparkApplication if known
     * @param pod             the admitted pod as JSON (left untouched)
     * @param namespaceLabels the labels of the namespace, which select the policies
     */
    public MutationResult mutate(MutationContext context, JsonNode pod, Map<String, String> namespaceLabels) {
        return new MutationChain(mutators(namespaceLabels)).run(context, pod);
    }
}
