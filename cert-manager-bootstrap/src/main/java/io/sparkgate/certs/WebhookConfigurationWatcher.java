package io.sparkgate.certs;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches the named webhook configurations and calls back on every change, so that a caBundle wiped by a Helm upgrade
 * or an ArgoCD sync is restored within seconds (a watch, not a slow poll).
 */
public final class WebhookConfigurationWatcher implements AutoCloseable {
    private final KubernetesClient client;
    private final List<WebhookConfigurationRef> refs;
    private final Runnable onChange;
    private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();

    /** A watcher of {@code refs} calling {@code onChange} (from a watch thread; keep it quick). */
    public WebhookConfigurationWatcher(KubernetesClient client, List<WebhookConfigurationRef> refs, Runnable onChange) {
        this.client = client;
        this.refs = List.copyOf(refs);
        this.onChange = onChange;
    }

    /** Starts one informer per configuration. */
    public synchronized void start() {
        for (WebhookConfigurationRef ref : refs) {
            informers.add(ref.kind() == WebhookConfigurationRef.Kind.MUTATING
                    ? client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(ref.name())
                            .inform(handler())
                    : client.admissionRegistration().v1().validatingWebhookConfigurations().withName(ref.name())
                            .inform(handler()));
        }
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onChange.run();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onChange.run();
            }

            @Override
            public void onDelete(T obj, boolean finalStateUnknown) {
                onChange.run();
            }
        };
    }

    @Override
    public synchronized void close() {
        informers.forEach(SharedIndexInformer::close);
        informers.clear();
    }
}
