package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.sparkgate.api.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook configurations and namespace labels admission needs, read from the store itself and cached until a
 * write touches them (every write goes through the emulation, so invalidation is exact). Webhooks are ordered as
 * kube-apiserver orders them: by configuration name, then by position within the configuration.
 */
final class WebhookConfigurations {
    private static final String REGISTRATION = "/apis/admissionregistration.k8s.io/v1/";
    private static final String METADATA_NAME = "kubernetes.io/metadata.name";

    private final IndexedStore store;
    private final AtomicLong webhookGeneration = new AtomicLong();
    private final AtomicLong namespaceGeneration = new AtomicLong();
    private volatile Snapshot snapshot = new Snapshot(-1, List.of(), List.of());
    private volatile NamespaceLabels namespaces = new NamespaceLabels(-1, Map.of());

    private record Snapshot(long generation, List<Webhook> mutating, List<Webhook> validating) {
    }

    private record NamespaceLabels(long generation, Map<String, Map<String, String>> labels) {
    }

    WebhookConfigurations(IndexedStore store) {
        this.store = store;
    }

    /** Forgets cached state after a write to the given path. */
    void written(ResourcePath path) {
        if (path.group().equals("admissionregistration.k8s.io")) {
            webhookGeneration.incrementAndGet();
        } else if (path.group().isEmpty() && path.resource().equals("namespaces")) {
            namespaceGeneration.incrementAndGet();
        }
    }

    /** The mutating webhooks, in calling order. */
    List<Webhook> mutating() {
        return current().mutating();
    }

    /** The validating webhooks, in calling order. */
    List<Webhook> validating() {
        return current().validating();
    }

    /**
     * The labels of a namespace. A namespace that is not stored has only {@code kubernetes.io/metadata.name}, which
     * real API servers put on every namespace.
     */
    Map<String, String> namespaceLabels(String namespace) {
        NamespaceLabels cached = namespaces;
        long generation = namespaceGeneration.get();
        if (cached.generation() != generation) {
            Map<String, Map<String, String>> all = new HashMap<>();
            for (JsonNode ns : store.readAll("/api/v1/namespaces")) {
                String name = ns.path("metadata").path("name").asText();
                Map<String, String> labels = AdmissionRequest.labels(ns);
                labels.put(METADATA_NAME, name);
                all.put(name, Map.copyOf(labels));
            }
            cached = new NamespaceLabels(generation, all);
            namespaces = cached;
        }
        return cached.labels().getOrDefault(namespace, Map.of(METADATA_NAME, namespace));
    }

    private Snapshot current() {
        Snapshot cached = snapshot;
        long generation = webhookGeneration.get();
        if (cached.generation() == generation) {
            return cached;
        }
        List<Webhook> mutating = new ArrayList<>();
        sorted(store.readAll(REGISTRATION + "mutatingwebhookconfigurations")).forEach(node -> {
            MutatingWebhookConfiguration c = Json.mapper().convertValue(node, MutatingWebhookConfiguration.class);
            c.getWebhooks().forEach(w -> mutating.add(Webhook.of(c.getMetadata().getName(), w)));
        });
        List<Webhook> validating = new ArrayList<>();
        sorted(store.readAll(REGISTRATION + "validatingwebhookconfigurations")).forEach(node -> {
            ValidatingWebhookConfiguration c = Json.mapper().convertValue(node, ValidatingWebhookConfiguration.class);
            c.getWebhooks().forEach(w -> validating.add(Webhook.of(c.getMetadata().getName(), w)));
        });
        cached = new Snapshot(generation, List.copyOf(mutating), List.copyOf(validating));
        snapshot = cached;
        return cached;
    }

    private static List<JsonNode> sorted(List<JsonNode> configurations) {
        return configurations.stream()
                .sorted(Comparator.comparing(n -> n.path("metadata").path("name").asText()))
                .toList();
    }
}
