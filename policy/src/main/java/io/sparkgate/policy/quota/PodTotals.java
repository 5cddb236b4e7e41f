package io.sparkgate.policy.quota;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.SparkLabels;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The one place Spark pods are added up for quotas: every pod's share by name, and the sums by app those shares add
 * up to, kept right as pods are put, replaced and removed. {@link SparkPodIndex} keeps one per namespace from
 * informer events; {@link SparkPodTotals#of} fills one from a list. Guarded by its own monitor.
 */
final class PodTotals implements SparkPodTotals {
    private final Map<String, Share> pods = new HashMap<>();
    private final Map<String, Group> byApp = new HashMap<>();
    private Resources live = Resources.ZERO;

    /** What one pod counts: nothing towards the sums once it has finished. */
    private record Share(String app, Resources resources, boolean driver, boolean live) {
    }

    /** Adds a pod, or replaces what an earlier version of it counted; {@code resources} reads a live pod's share. */
    synchronized void put(Pod pod, Function<Pod, Resources> resources) {
        String app = PodResources.label(pod, SparkLabels.APP_NAME);
        Share share = PodResources.finished(pod) ? new Share("", Resources.ZERO, false, false)
                : new Share(app == null ? "" : app, resources.apply(pod),
                        "driver".equals(PodResources.label(pod, SparkLabels.SPARK_ROLE)), true);
        subtract(pods.put(pod.getMetadata().getName(), share));
        if (share.live()) {
            byApp.merge(share.app(), Group.EMPTY.plus(share.resources(), share.driver()),
                    (sum, ignored) -> sum.plus(share.resources(), share.driver()));
            live = live.plus(share.resources());
        }
    }

    /** Removes a pod by name. */
    synchronized void remove(String name) {
        subtract(pods.remove(name));
    }

    private void subtract(Share old) {
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
