package io.sparkgate.policy;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.DemandMemo;
import io.sparkgate.policy.quota.NamespaceUsage;
import io.sparkgate.policy.quota.PodResources;
import io.sparkgate.policy.quota.QuotaCheck;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.quota.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The quota step of a Spark pod's admission. A pod of a known app only counts what takes the app beyond its
 * declared demand (which was reserved when the app was admitted), so a driver asking for more executors than it
 * declared is held to the tenant's quota and the per-app limits; a pod of no known app (plain spark-submit)
 * counts in full. Checked and reserved as one step under the ledger's lock.
 */
final class PodQuotaAdmission {
    private final ReservationLedger ledger;
    private final DemandMemo memo;
    private final AtomicLong unnamed = new AtomicLong();
    // Keys of pods named by generateName must not collide across replicas: a per-process random prefix.
    private final String prefix = Long.toHexString(new java.security.SecureRandom().nextLong()) + "-";

    PodQuotaAdmission(ReservationLedger ledger, DemandMemo memo) {
        this.ledger = ledger;
        this.memo = memo;
    }

    /** The quota violations of admitting the pod, reserving it when admitted and {@code reserve} is true. */
    List<PolicyViolation> admit(List<SparkPolicy> policies, ClusterView view, String namespace, Pod pod,
                                Resources podResources, boolean reserve) {
        if (policies.stream().noneMatch(p -> p.getSpec().quota() != null)) {
            return List.of(); // no quota counts this namespace's pods: no usage to sum, nothing to reserve
        }
        return ledger.atomically(() -> {
            UsageCache usage = new UsageCache(view, ledger, memo);
            List<PolicyViolation> violations = new ArrayList<>();
            for (SparkPolicy policy : policies) {
                violations.addAll(tenant(policy, namespace, pod, podResources, usage));
            }
            if (reserve && Verdicts.admits(violations)) {
                String appName = PodResources.label(pod, SparkLabels.APP_NAME);
                ledger.reserve(key(namespace, pod), appName, podResources);
            }
            return violations;
        });
    }

    /** The key a pod is reserved under; a pod named by generateName gets a key of its own. */
    ReservationLedger.Key key(String namespace, Pod pod) {
        String podName = pod.getMetadata().getName();
        String key = podName == null || podName.isEmpty()
                ? "_" + pod.getMetadata().getGenerateName() + prefix + unnamed.incrementAndGet() : podName;
        return ReservationLedger.Key.pod(namespace, key);
    }

    /** The violations of one policy's quota for the pod, counting {@code reservations}. */
    List<PolicyViolation> tenant(SparkPolicy policy, ClusterView view, String namespace, Pod pod,
                                 Resources podResources, ReservationLedger reservations) {
        return tenant(policy, namespace, pod, podResources, new UsageCache(view, reservations, memo));
    }

    private static List<PolicyViolation> tenant(SparkPolicy policy, String namespace, Pod pod, Resources podResources,
                                                UsageCache usage) {
        if (policy.getSpec().quota() == null) {
            return List.of();
        }
        NamespaceUsage own = usage.of(namespace);
        String appName = PodResources.label(pod, SparkLabels.APP_NAME);
        NamespaceUsage.AppUsage app = appName == null ? null : own.app(appName).orElse(null);
        boolean driver = "driver".equals(PodResources.label(pod, SparkLabels.SPARK_ROLE));
        String podName = pod.getMetadata().getName();
        String subject = app == null ? "pod " + namespace + "/" + podName
                : "app " + namespace + "/" + appName + " with " + role(driver) + " pod " + podName;
        Resources before;
        Resources after;
        if (app != null) {
            before = app.counted();
            after = new NamespaceUsage.AppUsage(app.declared(), app.actual().plus(podResources), app.running())
                    .counted();
        } else {
            before = Resources.ZERO;
            after = driver ? podResources.withApps(1) : podResources;
        }
        if (after.beyond(before).isZero()) {
            return List.of();
        }
        List<PolicyViolation> violations = new ArrayList<>();
        if (app != null) {
            violations.addAll(QuotaCheck.perApp(policy, "app " + namespace + "/" + appName, after.withApps(0)));
        }
        violations.addAll(QuotaCheck.tenant(policy, subject, usage.tenant(policy, namespace).minus(before), after,
                before));
        return violations;
    }

    private static String role(boolean driver) {
        return driver ? "driver" : "executor";
    }
}
