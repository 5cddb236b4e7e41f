package io.sparkgate.webhook.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkgate.policy.quota.ReservationStore;
import java.util.Map;
import java.util.Objects;

/**
 * The cluster-wide quota reservations of each SparkPolicy in one ConfigMap of the webhook's own namespace,
 * {@code sparkgate-quota-<policy>}: read live, replaced with its resourceVersion so the API server refuses a
 * write that raced another replica's (409). Chosen over the SparkPolicy's status so admins' objects and their
 * watchers do not churn on every admission, and over a Lease because ConfigMap data holds one entry per object.
 */
public final class ConfigMapReservationStore implements ReservationStore {
    /** The name prefix of the reservation ConfigMaps. */
    public static final String PREFIX = "sparkgate-quota-";
    /** The label naming the SparkPolicy a reservation ConfigMap belongs to. */
    public static final String POLICY_LABEL = "sparkgate.io/quota-reservations";

    private final KubernetesClient client;
    private final String namespace;

    /** Reservations in {@code namespace} (the release namespace) through {@code client}. */
    public ConfigMapReservationStore(KubernetesClient client, String namespace) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
    }

    /** The name of a policy's reservation ConfigMap. */
    public static String name(String policy) {
        return PREFIX + policy;
    }

    @Override
    public Version read(String policy) {
        try {
            ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name(policy)).get();
            if (cm == null) {
                return Version.absent();
            }
            return new Version(cm.getMetadata().getResourceVersion(), cm.getData() == null ? Map.of() : cm.getData());
        } catch (KubernetesClientException e) {
            throw failure("GET", policy, e);
        }
    }

    @Override
    public boolean replace(String policy, Version base, Map<String, String> data) {
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName(name(policy)).withNamespace(namespace)
                .withResourceVersion(base.resourceVersion())
                .addToLabels("app.kubernetes.io/managed-by", "sparkgate").addToLabels(POLICY_LABEL, policy)
                .endMetadata().withData(data).build();
        try {
            if (base.resourceVersion() == null) {
                client.configMaps().inNamespace(namespace).resource(cm).create();
            } else {
                client.configMaps().inNamespace(namespace).resource(cm).update();
            }
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false; // another replica wrote first (Conflict) or created it first (AlreadyExists)
            }
            if (e.getCode() == 404) {
                return false; // deleted by hand since the read: the next round creates it again
            }
            throw failure(base.resourceVersion() == null ? "POST" : "PUT", policy, e);
        }
    }

    private IllegalStateException failure(String verb, String policy, KubernetesClientException e) {
        String status = e.getCode() > 0 ? "status code " + e.getCode() : "no response";
        return new IllegalStateException(verb + " configmap " + namespace + "/" + name(policy) + ": " + status
                + (e.getStatus() != null && e.getStatus().getMessage() != null ? " (" + e.getStatus().getMessage()
                + ")" : e.getCause() != null ? " (" + e.getCause() + ")" : ""), e);
    }
}
