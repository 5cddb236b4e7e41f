package io.sparkgate.policy.quota;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A read-only view of the cluster objects quota accounting needs, filled by the caller from its informer caches
 * (never a live GET on the admission path). Each method must be cheap and thread-safe; a fabric8 informer's
 * {@code Indexer} with the namespace index ({@code cache.byIndex("namespace", ns)}) answers each one directly.
 * The view may lag the API server: the {@link ReservationLedger} covers what it has not seen yet.
 */
public interface ClusterView {

    /** The names of all namespaces the view knows. */
    Set<String> namespaces();

    /**
     * The labels of a namespace, or empty when the view does not know it. Callers then fall back to the label
     * the API server puts on every namespace, {@code kubernetes.io/metadata.name}.
     */
    Optional<Map<String, String>> namespaceLabels(String namespace);

    /** The SparkApplications of a namespace, in any state. */
    Collection<SparkApplication> sparkApplications(String namespace);

    /** The pods of a namespace that carry the {@code spark-role} label, in any phase. */
    Collection<Pod> sparkPods(String namespace);

    /**
     * Runs {@code read} on the quota figures of the namespace's Spark pods. This default sums {@link #sparkPods}
     * (each pod's resources from {@code memo}) on every call; a view fed by informer events overrides it with a
     * {@link SparkPodIndex}, which answers in O(apps) however many pods the namespace holds.
     */
    default <T> T readSparkPods(String namespace, DemandMemo memo, Function<SparkPodTotals, T> read) {
        return read.apply(SparkPodTotals.of(sparkPods(namespace), memo));
    }

    /** The ResourceQuotas of a namespace, with their {@code status.used} as the API server reports it. */
    Collection<ResourceQuota> resourceQuotas(String namespace);

    /** The labels a namespace is selected by: its known labels, else just its name label. */
    default Map<String, String> labelsOf(String namespace) {
        return namespaceLabels(namespace).orElse(Map.of(NAME_LABEL, namespace));
    }

    /** The label the API server sets on every namespace to its name. */
    String NAME_LABEL = "kubernetes.io/metadata.name";

    /** A view of nothing: every namespace unknown and empty. */
    static ClusterView empty() {
        return ClusterSnapshot.builder().build();
    }
}
