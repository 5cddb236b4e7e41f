package io.sparkgate.webhook.cluster;

import io.sparkgate.informers.ProjectingStore;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.policy.quota.SparkPodIndex;

/**
 * The Spark pod informer's item store: a compact projection of each pod ({@link CacheProjection#pod}), plus every
 * put and remove passed on to a {@link SparkPodIndex}, which reads the full pod once per event. The informer writes
 * its store before it reports synced and before it notifies handlers, so the index is never behind the cache the
 * webhook reports ready on.
 */
final class PodIndexingStore extends ProjectingStore<Pod> {
    private final SparkPodIndex index;

    PodIndexingStore(SparkPodIndex index) {
        super(CacheProjection::pod);
        this.index = index;
    }

    @Override
    public Pod put(String key, Pod pod) {
        index.upsert(pod);
        return super.put(key, pod);
    }

    @Override
    public Pod remove(String key) {
        Pod old = super.remove(key);
        if (old != null) {
            index.remove(old);
        }
        return old;
    }
}
