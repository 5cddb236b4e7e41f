package io.sparkgate.policy.quota;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The Spark pods' quota figures per namespace, kept up to date from informer events ({@link #upsert} on add and
 * update, {@link #remove} on delete) instead of summed over every pod on each admission: reading a namespace's
 * totals costs O(apps), not O(pods). Each pod's resources are computed once per event. Thread-safe: events come
 * from the informer's thread, reads from the admission threads.
 */
public final class SparkPodIndex {
    private static final SparkPodTotals NONE = new PodTotals();

    private final Map<String, PodTotals> namespaces = new ConcurrentHashMap<>();

    /** Adds a pod, or replaces what an earlier version of it counted. */
    public void upsert(Pod pod) {
        ObjectMeta meta = pod.getMetadata();
        if (meta != null && meta.getName() != null) {
            namespaces.computeIfAbsent(namespace(meta), ns -> new PodTotals()).put(pod, PodResources::ofStored);
        }
    }

    /** Removes a deleted pod. */
    public void remove(Pod pod) {
        ObjectMeta meta = pod.getMetadata();
        PodTotals ns = meta == null || meta.getName() == null ? null : namespaces.get(namespace(meta));
        if (ns != null) {
            ns.remove(meta.getName());
        }
    }

    /**
     * Runs {@code read} on the namespace's totals while no event changes them, so the groups and
     * {@link SparkPodTotals#hasPod} agree with each other. {@code read} must be quick: events wait for it.
     */
    public <T> T read(String namespace, Function<SparkPodTotals, T> read) {
        PodTotals ns = namespaces.get(namespace);
        if (ns == null) {
            return read.apply(NONE);
        }
        synchronized (ns) {
            return read.apply(ns);
        }
    }

    private static String namespace(ObjectMeta meta) {
        return meta.getNamespace() == null ? "" : meta.getNamespace();
    }
}
