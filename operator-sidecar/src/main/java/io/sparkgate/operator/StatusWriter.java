package io.sparkgate.operator;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationStatus;
import java.net.HttpURLConnection;
import java.util.Objects;

/**
 * Writes a SparkApplication's status through the status subresource. On a conflict it re-reads the app and
 * writes again only if the status it based its decision on is still the stored one (someone else changed only
 * spec or metadata); if the status itself changed, it reports {@link StatusConflict} and the key is reconciled
 * afresh.
 */
final class StatusWriter {
    private static final int ATTEMPTS = 3;
    private final KubernetesClient client;

    StatusWriter(KubernetesClient client) {
        this.client = client;
    }

    /** Thrown when the stored status changed under us: reconcile again from the new one. */
    static final class StatusConflict extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StatusConflict(String message) {
            super(message);
        }
    }

    /** Writes {@code status} onto {@code basis}; returns the stored app, or null if the app is gone. */
    SparkApplication write(SparkApplication basis, SparkApplicationStatus status) {
        SparkApplication target = withStatus(basis, status);
        for (int attempt = 1; ; attempt++) {
            try {
                return client.resources(SparkApplication.class).inNamespace(target.getMetadata().getNamespace())
                        .resource(target).updateStatus();
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    return null;
                }
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
            SparkApplication latest = client.resources(SparkApplication.class)
                    .inNamespace(basis.getMetadata().getNamespace()).withName(basis.getMetadata().getName()).get();
            if (latest == null) {
                return null;
            }
            if (!sameStatus(latest.getStatus(), basis.getStatus())) {
                throw new StatusConflict("status of " + basis.getMetadata().getName() + " changed meanwhile");
            }
            target = withStatus(latest, status);
        }
    }

    private static boolean sameStatus(SparkApplicationStatus a, SparkApplicationStatus b) {
        return Objects.equals(Json.mapper().valueToTree(a), Json.mapper().valueToTree(b));
    }

    /**
     * The body of the status PUT: metadata (its resourceVersion is the precondition) and status, without the spec.
     * The status subresource takes nothing but the status from the body (Kubernetes "Custom resources, status
     * subresource"), so sending the spec only cost serialising and parsing it on every status write.
     */
    private static SparkApplication withStatus(SparkApplication app, SparkApplicationStatus status) {
        SparkApplication copy = new SparkApplication();
        ObjectMeta meta = app.getMetadata();
        copy.setMetadata(meta);
        copy.setSpec(null);
        copy.setStatus(status);
        return copy;
    }
}
