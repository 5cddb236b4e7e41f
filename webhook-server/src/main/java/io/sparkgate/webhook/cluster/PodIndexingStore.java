package io.sparkgate.webhook.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.sparkgate.policy.quota.SparkPodIndex;
import java.util.stream.Stream;

/**
 * The Spark pod informer's item store: fabric8's own store, plus every put and remove passed on to a
 * {@link SparkPodIndex}. The informer writes its store before it reports synced and before it notifies handlers,
 * so the index is never behind the cache the webhook reports ready on.
 */
final class PodIndexingStore implements ItemStore<Pod> {
    private final BasicItemStore<Pod> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);
    private final SparkPodIndex index;

    PodIndexingStore(SparkPodIndex index) {
        this.index = index;
    }

    @Override
    public String getKey(Pod pod) {
        return store.getKey(pod);
    }

    @Override
    public Pod put(String key, Pod pod) {
        Pod old = store.put(key, pod);
        index.upsert(pod);
        return old;
    }

    @Override
    public Pod remove(String key) {
        Pod old = store.remove(key);
        if (old != null) {
            index.remove(old);
        }
        return old;
    }

    @Override
    public Stream<String> keySet() {
        return store.keySet();
    }

    @Override
    public Stream<Pod> values() {
        return store.values();
    }

    @Override
    public int size() {
        return store.size();
    }

    @Override
    public Pod get(String key) {
        return store.get(key);
    }
}
