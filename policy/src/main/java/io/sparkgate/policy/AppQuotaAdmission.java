package io.sparkgate.policy;

import io.sparkgate.api.policy.EnforcementAction;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.policy.quota.AppDemand;
import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.DemandMemo;
import io.sparkgate.policy.quota.NamespaceUsage;
import io.sparkgate.policy.quota.QuotaCheck;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.quota.ResourceQuotaCheck;
import io.sparkgate.policy.quota.Resources;
import io.sparkgate.policy.tenant.PolicyIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The quota step of a SparkApplication admission: tenant quotas of every policy selecting the namespace, their
 * per-app limits, and the namespace's ResourceQuotas, checked and reserved as one step under the ledger's lock.
 */
final class AppQuotaAdmission {
    /** The {@code policy} tag of ResourceQuota violations, which belong to no SparkPolicy. */
    static final String RESOURCE_QUOTA_POLICY = "resourcequota";

    private final ReservationLedger ledger;
    private final DemandMemo memo;

    AppQuotaAdmission(ReservationLedger ledger, DemandMemo memo) {
        this.ledger = ledger;
        this.memo = memo;
    }

    /**
     * The quota violations of admitting the app with {@code demand}, reserving it when admitted and
     * {@code reserve} is true.
     */
    List<PolicyViolation> admit(List<SparkPolicy> policies, ClusterView view, String namespace, String name,
                                AppDemand demand, boolean reserve) {
        return ledger.atomically(() -> {
            Map<String, NamespaceUsage> usage = new HashMap<>();
            List<PolicyViolation> violations = new ArrayList<>();
            for (SparkPolicy policy : policies) {
                violations.addAll(tenant(policy, view, namespace, name, demand, ledger, usage));
            }
            if (demand.bounded()) {
                NamespaceUsage own = usage(usage, view, namespace, ledger);
                NamespaceUsage.AppUsage current = own.app(name).orElse(null);
                Resources before = current == null ? Resources.ZERO : current.counted();
                Resources actual = current == null ? Resources.ZERO : current.actual();
                Resources after = demand.total().max(actual).withApps(1);
                String subject = "app " + namespace + "/" + name;
                for (String message : ResourceQuotaCheck.check(view.resourceQuotas(namespace), subject,
                        own.total().minus(before), own.liveSparkPods(), after, before)) {
                    violations.add(new PolicyViolation(RESOURCE_QUOTA_POLICY, PolicyViolation.RULE_RESOURCE_QUOTA,
                            EnforcementAction.DENY, message));
                }
                if (reserve && Verdicts.admits(violations)) {
                    ledger.reserve(ReservationLedger.Key.app(namespace, name), name, demand.total().withApps(0));
                }
            }
            return violations;
        });
    }

    /**
     * The violations of one policy's quota (tenant and per-app) counting {@code reservations}: the cluster-wide
     * reservations of that policy when they are committed (see {@link io.sparkgate.policy.quota.QuotaCommit}).
     */
    List<PolicyViolation> tenant(SparkPolicy policy, ClusterView view, String namespace, String name,
                                 AppDemand demand, ReservationLedger reservations) {
        return tenant(policy, view, namespace, name, demand, reservations, new HashMap<>());
    }

    private List<PolicyViolation> tenant(SparkPolicy policy, ClusterView view, String namespace, String name,
                                         AppDemand demand, ReservationLedger reservations,
                                         Map<String, NamespaceUsage> usage) {
        if (policy.getSpec().quota() == null) {
            return List.of();
        }
        if (!demand.bounded()) {
            return List.of(new PolicyViolation(policy.name(), PolicyViolation.RULE_UNBOUNDED_EXECUTORS,
                    policy.getSpec().enforcementActionOrDefault(), "spec.dynamicAllocation.maxExecutors: "
                    + "required under the quota of SparkPolicy " + policy.name()
                    + " (unbounded dynamic allocation cannot be counted)"));
        }
        String subject = "app " + namespace + "/" + name;
        NamespaceUsage.AppUsage current = usage(usage, view, namespace, reservations).app(name).orElse(null);
        Resources before = current == null ? Resources.ZERO : current.counted();
        Resources actual = current == null ? Resources.ZERO : current.actual();
        Resources after = demand.total().max(actual).withApps(1);
        List<PolicyViolation> violations = new ArrayList<>(QuotaCheck.perApp(policy, subject, demand.total()));
        Resources tenant = Resources.ZERO;
        for (String ns : PolicyIndex.tenantNamespaces(policy, view, namespace)) {
            tenant = tenant.plus(usage(usage, view, ns, reservations).total());
        }
        violations.addAll(QuotaCheck.tenant(policy, subject, tenant.minus(before), after, before));
        return violations;
    }

    private NamespaceUsage usage(Map<String, NamespaceUsage> cache, ClusterView view, String namespace,
                                 ReservationLedger reservations) {
        return cache.computeIfAbsent(namespace, ns -> NamespaceUsage.of(view, reservations, ns, memo));
    }
}
