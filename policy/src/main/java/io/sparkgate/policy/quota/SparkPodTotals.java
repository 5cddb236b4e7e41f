package io.sparkgate.policy.quota;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.Map;

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
        PodTotals totals = new PodTotals();
        pods.forEach(pod -> totals.put(pod, memo::pod));
        return totals;
    }
}
