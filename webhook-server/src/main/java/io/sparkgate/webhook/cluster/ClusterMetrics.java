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

    private ClusterMetrics() {
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
        }
    }
}
