package io.sparkgate.policy.tenant;

import io.sparkgate.api.LabelSelectors;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.policy.quota.ClusterView;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable set of valid SparkPolicies, and which of them apply where. Policies apply in name order; a
 * namespace may be selected by several (its apps then keep every policy's quota and rules). Built by
 * {@link PolicyRegistry}; one snapshot serves one admission so it never sees half an update.
 */
public final class PolicyIndex {
    private static final PolicyIndex EMPTY = new PolicyIndex(List.of());
    private final List<SparkPolicy> policies;

    PolicyIndex(Collection<SparkPolicy> policies) {
        this.policies = policies.stream().sorted(Comparator.comparing(SparkPolicy::name)).toList();
    }

    /** An index of no policies. */
    public static PolicyIndex empty() {
        return EMPTY;
    }

    /**
     * An index of policies already known to be valid (e.g. read from files by the offline CLI after
     * {@link SparkPolicyValidator#validate}); invalid ones must not be passed.
     */
    public static PolicyIndex of(Collection<SparkPolicy> validPolicies) {
        return new PolicyIndex(validPolicies);
    }

    /** Every policy, in name order. */
    public List<SparkPolicy> all() {
        return policies;
    }

    /** The policies whose selector matches a namespace with these labels, in name order. */
    public List<SparkPolicy> policiesFor(Map<String, String> namespaceLabels) {
        return policies.stream().filter(p -> LabelSelectors.matches(p.getSpec().namespaceSelector(), namespaceLabels))
                .toList();
    }

    /** The policies applying to a namespace of the view. */
    public List<SparkPolicy> policiesFor(ClusterView view, String namespace) {
        return policiesFor(view.labelsOf(namespace));
    }

    /**
     * The namespaces of a policy's tenant: every namespace of the view it selects, plus {@code alsoNamespace}
     * (the namespace under admission, which the view may not know yet) when it is selected.
     */
    public static Set<String> tenantNamespaces(SparkPolicy policy, ClusterView view, String alsoNamespace) {
        Set<String> out = new TreeSet<>();
        for (String ns : view.namespaces()) {
            if (LabelSelectors.matches(policy.getSpec().namespaceSelector(), view.labelsOf(ns))) {
                out.add(ns);
            }
        }
        if (alsoNamespace != null && LabelSelectors.matches(policy.getSpec().namespaceSelector(),
                view.labelsOf(alsoNamespace))) {
            out.add(alsoNamespace);
        }
        return out;
    }
}
