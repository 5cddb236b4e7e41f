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
import java.util.ArrayList;
import java.util.List;

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
            UsageCache usage = new UsageCache(view, ledger, memo);
            List<PolicyViolation> violations = new ArrayList<>();
            for (SparkPolicy policy : policies) {
                violations.addAll(tenant(policy, namespace, name, demand, usage));
            }
            if (demand.bounded()) {
                NamespaceUsage own = usage.of(namespace);
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
        return tenant(policy, namespace, name, demand, new UsageCache(view, reservations, memo));
    }

    private static List<PolicyViolation> tenant(SparkPolicy policy, String namespace, String name, AppDemand demand,
                                                UsageCache usage) {
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
        NamespaceUsage.AppUsage current = usage.of(namespace).app(name).orElse(null);
        Resources before = current == null ? Resources.ZERO : current.counted();
        Resources actual = current == null ? Resources.ZERO : current.actual();
        Resources after = demand.total().max(actual).withApps(1);
        List<PolicyViolation> violations = new ArrayList<>(QuotaCheck.perApp(policy, subject, demand.total()));
        violations.addAll(QuotaCheck.tenant(policy, subject, usage.tenant(policy, namespace).minus(before), after,
                before));
        return violations;
    }
}
