package io.sparkgate.policy;

import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.DemandMemo;
import io.sparkgate.policy.quota.NamespaceUsage;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.quota.Resources;
import io.sparkgate.policy.tenant.PolicyIndex;
import java.util.HashMap;
import java.util.Map;

/**
 * The usage one quota decision reads, each namespace summed once however many policies count it: the caches plus
 * {@code reservations} (the process's ledger, or a policy's committed reservations). Lives for one decision.
 */
final class UsageCache {
    private final ClusterView view;
    private final ReservationLedger reservations;
    private final DemandMemo memo;
    private final Map<String, NamespaceUsage> byNamespace = new HashMap<>();

    UsageCache(ClusterView view, ReservationLedger reservations, DemandMemo memo) {
        this.view = view;
        this.reservations = reservations;
        this.memo = memo;
    }

    /** The usage of one namespace. */
    NamespaceUsage of(String namespace) {
        return byNamespace.computeIfAbsent(namespace, ns -> NamespaceUsage.of(view, reservations, ns, memo));
    }

    /** The usage of every namespace of {@code policy}'s tenant, as seen from {@code namespace}. */
    Resources tenant(SparkPolicy policy, String namespace) {
        Resources total = Resources.ZERO;
        for (String ns : PolicyIndex.tenantNamespaces(policy, view, namespace)) {
            total = total.plus(of(ns).total());
        }
        return total;
    }
}
