package io.sparkgate.webhook.cluster;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The metrics of what the engine reads: policies in force, quota reservations held, invalid policies ignored. */
public final class ClusterMetrics {
    /** Gauge: the valid SparkPolicies in force. */
    public static final String POLICIES = "sparkgate.policy.active";
    /** Gauge: quota reservations the caches have not confirmed yet. */
    public static final String RESERVATIONS = "sparkgate.policy.reservations";
    /** Counter: SparkPolicy versions refused by validation and ignored (the previous valid version stays). */
    public static final String INVALID = "sparkgate.policy.invalid";

    /** Counter: cluster-wide quota commits by outcome (committed, conflict, retry, failure). */
    public static final String QUOTA_COMMIT = "sparkgate.policy.quota.commit";

    private ClusterMetrics() {
    }

    /** The listener counting {@link io.sparkgate.policy.quota.QuotaCommit} outcomes in {@code registry}. */
    public static io.sparkgate.policy.quota.QuotaCommit.Listener quotaCommits(MeterRegistry registry) {
        java.util.Map<io.sparkgate.policy.quota.QuotaCommit.Outcome, io.micrometer.core.instrument.Counter> counters =
                new java.util.EnumMap<>(io.sparkgate.policy.quota.QuotaCommit.Outcome.class);
        for (io.sparkgate.policy.quota.QuotaCommit.Outcome o : io.sparkgate.policy.quota.QuotaCommit.Outcome.values()) {
            counters.put(o, io.micrometer.core.instrument.Counter.builder(QUOTA_COMMIT)
                    .tag("outcome", o.name().toLowerCase(java.util.Locale.ROOT))
                    .description("Cluster-wide tenant-quota reservation commits by outcome").register(registry));
        }
        return o -> counters.get(o).increment();
    }

    /** Registers the gauges (and, for informer caches, the invalid-policy counter) of {@code cluster}. */
    public static void register(ClusterSource cluster, MeterRegistry registry) {
        Gauge.builder(POLICIES, cluster, c -> c.policies().get().all().size())
                .description("Valid SparkPolicies in force").register(registry);
        Gauge.builder(RESERVATIONS, cluster, c -> c.ledger().size())
                .description("Quota reservations of admitted objects the caches do not show yet").register(registry);
        if (cluster instanceof InformerCaches caches) {
            FunctionCounter.builder(INVALID, caches, InformerCaches::invalidPolicies)
                    .description("SparkPolicy versions refused by validation and ignored").register(registry);
            caches.monitor().register(registry);
        }
    }
}
