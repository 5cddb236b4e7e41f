package io.sparkgate.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An informer item store that keeps a projection of each object (the webhook's {@code CacheProjection}, the
 * operator's {@code OperatorProjection}) instead of the object the API server sent. fabric8 indexes by key and namespace only, and compares resourceVersions on relist, both
 * of which a projection keeps.
 *
 * @param <T> the cached kind
 */
public class ProjectingStore<T extends HasMetadata> implements ItemStore<T> {
    private final BasicItemStore<T> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);
    private final UnaryOperator<T> projection;

    /** A store keeping {@code projection} of every object put into it. */
    public ProjectingStore(UnaryOperator<T> projection) {
        this.projection = projection;
    }

    @Override
    public String getKey(T object) {
        return store.getKey(object);
    }

    @Override
    public T put(String key, T object) {
        return store.put(key, projection.apply(object));
    }

    @Override
    public T remove(String key) {
        return store.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return store.keySet();
    }

    @Override
    public Stream<T> values() {
        return store.values();
    }

    @Override
    public int size() {
        return store.size();
    }

    @Override
    public T get(String key) {
        return store.get(key);
    }
}
