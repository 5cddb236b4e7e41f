package io.sparkgate.certs;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the serving Secret and the CA Secret with optimistic concurrency: a create fails when the Secret
 * exists, a replace fails when someone wrote since we read; either way {@link WriteConflict} tells the caller to read
 * again and decide afresh. This is what lets N replicas or jobs starting at once converge on one certificate.
 */
public final class CertificateSecrets {
    /** Annotation on the serving Secret: when sparkgate wrote the current leaf. */
    public static final String ISSUED_AT = "sparkgate.io/certificate-issued-at";
    private static final Map<String, String> LABELS = Map.of("app.kubernetes.io/managed-by", "sparkgate",
            "app.kubernetes.io/component", "webhook-certificate");

    private final KubernetesClient client;
    private final CertificateSettings settings;

    /** Secrets named by {@code settings}, through {@code client}. */
    public CertificateSecrets(KubernetesClient client, CertificateSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** Another writer got there first; read again. */
    public static final class WriteConflict extends RuntimeException {
        WriteConflict(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Both Secrets as read, with their decoded contents.
     *
     * @param serving  the serving Secret or {@code null}
     * @param ca       the CA Secret or {@code null}
     * @param material what they hold
     */
    public record Snapshot(Secret serving, Secret ca, CertificateMaterial material) {
    }

    /** Reads both Secrets. */
    public Snapshot read() {
        Secret serving = client.secrets().inNamespace(settings.namespace()).withName(settings.secretName()).get();
        Secret ca = client.secrets().inNamespace(settings.namespace()).withName(settings.caSecretName()).get();
        return new Snapshot(serving, ca, material(serving, ca));
    }

    /** The material two Secrets hold (either may be {@code null}). */
    public static CertificateMaterial material(Secret serving, Secret ca) {
        Map<String, String> s = decode(serving);
        Map<String, String> c = decode(ca);
        return new CertificateMaterial(s.get(CertificateMaterial.TLS_CRT), s.get(CertificateMaterial.TLS_KEY),
                s.get(CertificateMaterial.CA_CRT), c.get(CertificateMaterial.CA_CRT), c.get(CertificateMaterial.CA_KEY),
                issuedAt(serving));
    }

    /**
     * Writes {@code target} over what {@code base} read: the CA Secret first (a leaf is never stored before the CA that
     * signed it), then the serving Secret. Unchanged Secrets are not written.
     *
     * @throws WriteConflict when either Secret changed since {@code base} was read
     */
    public void write(Snapshot base, CertificateMaterial target) {
        if (base.ca() == null || target.caDiffers(base.material())) {
            put(base.ca(), settings.caSecretName(), "Opaque", target.caData(), Map.of());
        }
        if (base.serving() == null || target.servingDiffers(base.material())) {
            Map<String, String> annotations = target.issuedAt() == null ? Map.of()
                    : Map.of(ISSUED_AT, target.issuedAt().toString());
            put(base.serving(), settings.secretName(), "kubernetes.io/tls", target.servingData(), annotations);
        }
    }

    private void put(Secret existing, String name, String type, Map<String, String> data,
                     Map<String, String> annotations) {
        Map<String, String> encoded = new LinkedHashMap<>();
        data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        try {
            if (existing == null) {
                Secret secret = new SecretBuilder().withNewMetadata().withName(name)
                        .withNamespace(settings.namespace()).withLabels(LABELS).withAnnotations(annotations)
                        .endMetadata().withType(type).withData(encoded).build();
                client.secrets().inNamespace(settings.namespace()).resource(secret).create();
            } else {
                // Keeps the existing type (immutable) and the resourceVersion we read: a replace is conditional.
                Secret secret = new SecretBuilder(existing).withData(encoded).build();
                ObjectMeta meta = secret.getMetadata();
                Map<String, String> merged = new LinkedHashMap<>(meta.getAnnotations() == null ? Map.of()
                        : meta.getAnnotations());
                merged.putAll(annotations);
                meta.setAnnotations(merged);
                client.secrets().inNamespace(settings.namespace()).resource(secret).update();
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new WriteConflict("Secret " + name + " changed concurrently", e);
            }
            throw e;
        }
    }

    private static Map<String, String> decode(Secret secret) {
        Map<String, String> out = new LinkedHashMap<>();
        if (secret == null) {
            return out;
        }
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> {
                try {
                    out.put(k, new String(Base64.getDecoder().decode(v == null ? "" : v), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    out.put(k, "(not base64)"); // reads as garbage PEM and is reported by the checks
                }
            });
        }
        if (secret.getStringData() != null) {
            out.putAll(secret.getStringData());
        }
        out.replaceAll((k, v) -> v.isEmpty() ? null : v);
        return out;
    }

    private static Instant issuedAt(Secret secret) {
        if (secret == null || secret.getMetadata().getAnnotations() == null) {
            return null;
        }
        String value = secret.getMetadata().getAnnotations().get(ISSUED_AT);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
