package io.sparkgate.policy.quota;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.List;
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
    private final Map<String, NamespaceTotals> namespaces = new ConcurrentHashMap<>();

    /** Adds a pod, or replaces what an earlier version of it counted. */
    public void upsert(Pod pod) {
        ObjectMeta meta = pod.getMetadata();
        if (meta == null || meta.getName() == null) {
            return;
        }
        Counted counted = PodResources.finished(pod) ? new Counted(SparkPodTotals.appOf(pod), Resources.ZERO,
                false, false) : new Counted(SparkPodTotals.appOf(pod), resources(pod), SparkPodTotals.isDriver(pod),
                true);
        namespaces.computeIfAbsent(namespace(meta), ns -> new NamespaceTotals()).put(meta.getName(), counted);
    }

    /** Removes a deleted pod. */
    public void remove(Pod pod) {
        ObjectMeta meta = pod.getMetadata();
        if (meta == null || meta.getName() == null) {
            return;
        }
        NamespaceTotals ns = namespaces.get(namespace(meta));
        if (ns != null) {
            ns.remove(meta.getName());
        }
    }

    /**
     * Runs {@code read} on the namespace's totals while no event changes them, so the groups and
     * {@link SparkPodTotals#hasPod} agree with each other. {@code read} must be quick: events wait for it.
     */
    public <T> T read(String namespace, Function<SparkPodTotals, T> read) {
        NamespaceTotals ns = namespaces.get(namespace);
        if (ns == null) {
            return read.apply(SparkPodTotals.of(List.of(), DemandMemo.none()));
        }
        synchronized (ns) {
            return read.apply(ns);
        }
    }

    private static Resources resources(Pod pod) {
        try {
            return PodResources.of(pod);
        } catch (IllegalArgumentException e) {
            return Resources.ZERO; // the API server would not have stored it
        }
    }

    private static String namespace(ObjectMeta meta) {
        return meta.getNamespace() == null ? "" : meta.getNamespace();
    }

    /** What one pod counts. */
    private record Counted(String app, Resources resources, boolean driver, boolean live) {
    }

    /** One namespace: every pod's share, and the sums by app the shares add up to. Guarded by its own monitor. */
    private static final class NamespaceTotals implements SparkPodTotals {
        private final Map<String, Counted> pods = new HashMap<>();
        private final Map<String, Group> byApp = new HashMap<>();
        private Resources live = Resources.ZERO;

        synchronized void put(String name, Counted counted) {
            subtract(pods.put(name, counted));
            if (counted.live()) {
                byApp.merge(counted.app(), Group.EMPTY.plus(counted.resources(), counted.driver()),
                        (a, b) -> a.plus(counted.resources(), counted.driver()));
                live = live.plus(counted.resources());
            }
        }

        synchronized void remove(String name) {
            subtract(pods.remove(name));
        }

        private void subtract(Counted old) {
            if (old == null || !old.live()) {
                return;
            }
            Group left = byApp.getOrDefault(old.app(), Group.EMPTY).minus(old.resources(), old.driver());
            if (left.drivers() == 0 && left.resources().isZero()) {
                byApp.remove(old.app());
            } else {
                byApp.put(old.app(), left);
            }
            live = live.minus(old.resources());
        }

        @Override
        public Map<String, Group> liveByApp() {
            return byApp;
        }

        @Override
        public Resources live() {
            return live;
        }

        @Override
        public boolean hasPod(String name) {
            return pods.containsKey(name);
        }
    }
}
