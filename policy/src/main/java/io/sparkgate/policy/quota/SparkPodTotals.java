package io.sparkgate.policy.quota;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.SparkLabels;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What quota accounting reads from the Spark pods of one namespace: the live pods' resources summed by the app they
 * name, and which pods exist at all (in any phase), so a reservation can be released once its pod shows. Answered
 * from a {@link SparkPodIndex} kept up to date by informer events, or computed from a list of pods.
 */
public interface SparkPodTotals {

    /**
     * The live pods of one value of the {@code sparkoperator.k8s.io/app-name} label.
     *
     * @param resources the sum of their resources
     * @param drivers   how many of them are drivers
     */
    record Group(Resources resources, long drivers) {
        /** No pods. */
        public static final Group EMPTY = new Group(Resources.ZERO, 0);

        Group plus(Resources r, boolean driver) {
            return new Group(resources.plus(r), drivers + (driver ? 1 : 0));
        }

        Group minus(Resources r, boolean driver) {
            return new Group(resources.minus(r), drivers - (driver ? 1 : 0));
        }
    }

    /** The live (not finished) pods grouped by app-name label; {@code ""} for pods without one. */
    Map<String, Group> liveByApp();

    /** The requests of all live Spark pods of the namespace. */
    Resources live();

    /** Whether a Spark pod of that name exists, in any phase. */
    boolean hasPod(String name);

    /** The totals of a list of pods, each pod's resources from {@code memo}: O(pods), for views without an index. */
    static SparkPodTotals of(Collection<Pod> pods, DemandMemo memo) {
        Map<String, Group> byApp = new HashMap<>();
        Set<String> names = new HashSet<>();
        Resources live = Resources.ZERO;
        for (Pod pod : pods) {
            names.add(pod.getMetadata().getName());
            if (PodResources.finished(pod)) {
                continue;
            }
            Resources r = memo.pod(pod);
            live = live.plus(r);
            byApp.merge(appOf(pod), Group.EMPTY.plus(r, isDriver(pod)), (a, b) -> new Group(
                    a.resources().plus(b.resources()), a.drivers() + b.drivers()));
        }
        return new Computed(byApp, live, names);
    }

    /** Totals computed from a list of pods. */
    record Computed(Map<String, Group> liveByApp, Resources live, Set<String> names) implements SparkPodTotals {
        @Override
        public boolean hasPod(String name) {
            return names.contains(name);
        }
    }

    /** The pod's app-name label, {@code ""} when it has none. */
    static String appOf(Pod pod) {
        String app = PodResources.label(pod, SparkLabels.APP_NAME);
        return app == null ? "" : app;
    }

    /** Whether the pod is a Spark driver. */
    static boolean isDriver(Pod pod) {
        return "driver".equals(PodResources.label(pod, SparkLabels.SPARK_ROLE));
    }
}
