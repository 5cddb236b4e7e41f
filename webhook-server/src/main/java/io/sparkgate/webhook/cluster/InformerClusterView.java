package io.sparkgate.webhook.cluster;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.DemandMemo;
import io.sparkgate.policy.quota.SparkPodIndex;
import io.sparkgate.policy.quota.SparkPodTotals;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@link ClusterView} answered from informer indexes: each method is an in-memory lookup by the namespace
 * index, safe from any thread. It lags the API server by the watch delay; the reservation ledger covers that.
 */
final class InformerClusterView implements ClusterView {
    private final SharedIndexInformer<SparkApplication> apps;
    private final SharedIndexInformer<Pod> pods;
    private final SparkPodIndex podIndex;
    private final SharedIndexInformer<Namespace> namespaces;
    private final SharedIndexInformer<ResourceQuota> quotas;

    InformerClusterView(SharedIndexInformer<SparkApplication> apps, SharedIndexInformer<Pod> pods,
                        SparkPodIndex podIndex, SharedIndexInformer<Namespace> namespaces,
                        SharedIndexInformer<ResourceQuota> quotas) {
        this.apps = apps;
        this.pods = pods;
        this.podIndex = podIndex;
        this.namespaces = namespaces;
        this.quotas = quotas;
    }

    @Override
    public Set<String> namespaces() {
        // Cluster-scoped objects are keyed by name alone.
        return new HashSet<>(namespaces.getStore().listKeys());
    }

    @Override
    public Optional<Map<String, String>> namespaceLabels(String namespace) {
        Namespace ns = namespaces.getStore().getByKey(namespace);
        if (ns == null) {
            return Optional.empty();
        }
        Map<String, String> labels = ns.getMetadata().getLabels();
        return Optional.of(labels == null ? Map.of(NAME_LABEL, namespace) : labels);
    }

    @Override
    public Collection<SparkApplication> sparkApplications(String namespace) {
        return apps.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
    }

    @Override
    public Collection<Pod> sparkPods(String namespace) {
        return pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
    }

    /** From the index the pod informer's store keeps: O(apps of the namespace), not O(pods). */
    @Override
    public <T> T readSparkPods(String namespace, DemandMemo memo, Function<SparkPodTotals, T> read) {
        return podIndex.read(namespace, read);
    }

    @Override
    public Collection<ResourceQuota> resourceQuotas(String namespace) {
        return quotas.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
    }
}
