package io.sparkgate.policy.quota;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable in-memory {@link ClusterView}, built from plain objects: for tests, the offline CLI
 * ({@code sparkgate validate --usage}) and callers that copy their caches once per admission.
 */
public final class ClusterSnapshot implements ClusterView {
    private final Map<String, Map<String, String>> namespaces;
    private final Map<String, List<SparkApplication>> apps;
    private final Map<String, List<Pod>> pods;
    private final Map<String, List<ResourceQuota>> quotas;

    private ClusterSnapshot(Builder b) {
        this.namespaces = Map.copyOf(b.namespaces);
        this.apps = copy(b.apps);
        this.pods = copy(b.pods);
        this.quotas = copy(b.quotas);
    }

    /** A builder of snapshots. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Set<String> namespaces() {
        Set<String> all = new TreeSet<>(namespaces.keySet());
        all.addAll(apps.keySet());
        all.addAll(pods.keySet());
        all.addAll(quotas.keySet());
        return all;
    }

    @Override
    public Optional<Map<String, String>> namespaceLabels(String namespace) {
        return Optional.ofNullable(namespaces.get(namespace));
    }

    @Override
    public Collection<SparkApplication> sparkApplications(String namespace) {
        return apps.getOrDefault(namespace, List.of());
    }

    @Override
    public Collection<Pod> sparkPods(String namespace) {
        return pods.getOrDefault(namespace, List.of());
    }

    @Override
    public Collection<ResourceQuota> resourceQuotas(String namespace) {
        return quotas.getOrDefault(namespace, List.of());
    }

    private static <T> Map<String, List<T>> copy(Map<String, List<T>> m) {
        Map<String, List<T>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Map.copyOf(out);
    }

    /** Collects objects by namespace; objects without a namespace are refused with a message naming them. */
    public static final class Builder {
        private final Map<String, Map<String, String>> namespaces = new LinkedHashMap<>();
        private final Map<String, List<SparkApplication>> apps = new LinkedHashMap<>();
        private final Map<String, List<Pod>> pods = new LinkedHashMap<>();
        private final Map<String, List<ResourceQuota>> quotas = new LinkedHashMap<>();

        private Builder() {
        }

        /** A namespace and its labels; its name label is added as the API server adds it. */
        public Builder namespace(String name, Map<String, String> labels) {
            Map<String, String> all = new LinkedHashMap<>(labels);
            all.put(NAME_LABEL, name);
            namespaces.put(name, Map.copyOf(all));
            return this;
        }

        /** A SparkApplication. */
        public Builder app(SparkApplication app) {
            apps.computeIfAbsent(ns(app), k -> new ArrayList<>()).add(app);
            return this;
        }

        /** A pod; pods without the {@code spark-role} label are ignored, as the view only holds Spark pods. */
        public Builder pod(Pod pod) {
            if (PodResources.label(pod, SparkLabels.SPARK_ROLE) != null) {
                pods.computeIfAbsent(ns(pod), k -> new ArrayList<>()).add(pod);
            }
            return this;
        }

        /** A ResourceQuota. */
        public Builder resourceQuota(ResourceQuota quota) {
            quotas.computeIfAbsent(ns(quota), k -> new ArrayList<>()).add(quota);
            return this;
        }

        /** Any of the kinds above, by type: Namespace, SparkApplication, Pod or ResourceQuota. */
        public Builder add(HasMetadata object) {
            if (object instanceof Namespace n) {
                Map<String, String> labels = n.getMetadata().getLabels();
                return namespace(n.getMetadata().getName(), labels == null ? Map.of() : labels);
            }
            if (object instanceof SparkApplication a) {
                return app(a);
            }
            if (object instanceof Pod p) {
                return pod(p);
            }
            if (object instanceof ResourceQuota q) {
                return resourceQuota(q);
            }
            throw new IllegalArgumentException(object.getKind() + " " + object.getMetadata().getName()
                    + ": not a kind quota accounting reads (Namespace, SparkApplication, Pod, ResourceQuota)");
        }

        /** The snapshot. */
        public ClusterSnapshot build() {
            return new ClusterSnapshot(this);
        }

        private static String ns(HasMetadata o) {
            String ns = o.getMetadata() == null ? null : o.getMetadata().getNamespace();
            if (ns == null || ns.isEmpty()) {
                throw new IllegalArgumentException(o.getKind() + " "
                        + (o.getMetadata() == null ? "" : o.getMetadata().getName()) + ": metadata.namespace is required");
            }
            return ns;
        }
    }
}
