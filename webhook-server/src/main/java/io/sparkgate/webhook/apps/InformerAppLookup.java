package io.sparkgate.webhook.apps;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.util.Optional;

/**
 * SparkApplications from a fabric8 informer over all namespaces: the admission hot path reads the informer's
 * in-memory index, never the API server. Ready once the first list has been synced.
 */
public final class InformerAppLookup implements AppLookup, AutoCloseable {
    private final SharedIndexInformer<SparkApplication> informer;

    private InformerAppLookup(SharedIndexInformer<SparkApplication> informer) {
        this.informer = informer;
    }

    /** Starts an informer of SparkApplications in every namespace; it syncs in the background. */
    public static InformerAppLookup start(KubernetesClient client) {
        SharedIndexInformer<SparkApplication> informer = client.resources(SparkApplication.class).inAnyNamespace()
                .runnableInformer(0);
        informer.start();
        return new InformerAppLookup(informer);
    }

    @Override
    public Optional<SparkApplication> find(String namespace, String name) {
        return Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + name));
    }

    /** Whether the informer has listed every app at least once (used by {@code /readyz}). */
    public boolean synced() {
        return informer.hasSynced();
    }

    @Override
    public void close() {
        informer.close();
    }
}
