package io.sparkgate.certs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where sparkgate keeps its serving certificate and what that certificate must look like.
 *
 * @param namespace         namespace of the Service, the Secrets and the Lease
 * @param service           the webhook Service; its DNS names become the certificate's SANs
 * @param secretName        the {@code kubernetes.io/tls} Secret the webhook serves from ({@code tls.crt}, {@code tls.key},
 *                          {@code ca.crt}); the single source of truth
 * @param caSecretName      the Secret holding the CA key, never mounted by the webhook pod
 * @param mutatingWebhook   MutatingWebhookConfiguration whose entries get the caBundle, or {@code null} for none
 * @param validatingWebhook ValidatingWebhookConfiguration whose entries get the caBundle, or {@code null} for none
 * @param keyAlgorithm      key type of the CA and the serving certificate
 * @param caValidity        lifetime of a new CA
 * @param leafValidity      lifetime of a new serving certificate
 * @param extraDnsNames     DNS names added to the four Service names
 * @param extraIpAddresses  IP addresses added as SANs
 * @param rolloverOverlap   how long old and new CA are both trusted after the new leaf is written
 * @param bundlePropagation how long after a caBundle change before a leaf from a new CA is served, so that the API
 *                          server's own cache of the webhook configurations has caught up
 */
public record CertificateSettings(String namespace, String service, String secretName, String caSecretName,
                                  String mutatingWebhook, String validatingWebhook, KeyAlgorithm keyAlgorithm,
                                  Duration caValidity, Duration leafValidity, List<String> extraDnsNames,
                                  List<String> extraIpAddresses, Duration rolloverOverlap,
                                  Duration bundlePropagation) {
    /** Default overlap of a CA rollover: well past a kubelet volume sync and an API server cache refresh. */
    public static final Duration DEFAULT_OVERLAP = Duration.ofMinutes(10);
    /** Default wait between publishing a new CA in the caBundle and serving a leaf it signed. */
    public static final Duration DEFAULT_BUNDLE_PROPAGATION = Duration.ofSeconds(10);

    /** Validates names and durations; lists are copied. */
    public CertificateSettings {
        requireName(namespace, "namespace");
        requireName(service, "service");
        requireName(secretName, "secret");
        requireName(caSecretName, "CA secret");
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        requirePositive(caValidity, "CA validity");
        requirePositive(leafValidity, "leaf validity");
        Objects.requireNonNull(rolloverOverlap, "rolloverOverlap");
        Objects.requireNonNull(bundlePropagation, "bundlePropagation");
        extraDnsNames = List.copyOf(extraDnsNames);
        extraIpAddresses = List.copyOf(extraIpAddresses);
        if (secretName.equals(caSecretName)) {
            throw new IllegalArgumentException("the CA secret must differ from the serving secret " + secretName);
        }
    }

    /** Defaults: Secret {@code <service>-tls}, CA Secret {@code <service>-tls-ca}, ECDSA P-256, 5 years / 1 year. */
    public static CertificateSettings defaults(String namespace, String service) {
        return new CertificateSettings(namespace, service, service + "-tls", service + "-tls-ca", service, service,
                KeyAlgorithm.ECDSA_P256, CertificateAuthority.DEFAULT_CA_VALIDITY,
                CertificateAuthority.DEFAULT_LEAF_VALIDITY, List.of(), List.of(), DEFAULT_OVERLAP,
                DEFAULT_BUNDLE_PROPAGATION);
    }

    /** A copy with other Secret names; the CA Secret becomes {@code <secret>-ca}. */
    public CertificateSettings withSecret(String secret) {
        return new CertificateSettings(namespace, service, secret, secret + "-ca", mutatingWebhook, validatingWebhook,
                keyAlgorithm, caValidity, leafValidity, extraDnsNames, extraIpAddresses, rolloverOverlap,
                bundlePropagation);
    }

    /** A copy naming other webhook configurations ({@code null} skips one). */
    public CertificateSettings withWebhooks(String mutating, String validating) {
        return new CertificateSettings(namespace, service, secretName, caSecretName, mutating, validating,
                keyAlgorithm, caValidity, leafValidity, extraDnsNames, extraIpAddresses, rolloverOverlap,
                bundlePropagation);
    }

    /** A copy with another key type and lifetimes. */
    public CertificateSettings withKeys(KeyAlgorithm algorithm, Duration ca, Duration leaf) {
        return new CertificateSettings(namespace, service, secretName, caSecretName, mutatingWebhook,
                validatingWebhook, algorithm, ca, leaf, extraDnsNames, extraIpAddresses, rolloverOverlap,
                bundlePropagation);
    }

    /** A copy with extra SANs. */
    public CertificateSettings withExtraNames(List<String> dns, List<String> ips) {
        return new CertificateSettings(namespace, service, secretName, caSecretName, mutatingWebhook,
                validatingWebhook, keyAlgorithm, caValidity, leafValidity, dns, ips, rolloverOverlap,
                bundlePropagation);
    }

    /** A copy with other rollover timings. */
    public CertificateSettings withTimings(Duration overlap, Duration propagation) {
        return new CertificateSettings(namespace, service, secretName, caSecretName, mutatingWebhook,
                validatingWebhook, keyAlgorithm, caValidity, leafValidity, extraDnsNames, extraIpAddresses, overlap,
                propagation);
    }

    /** Every DNS SAN a serving certificate carries: the four Service names, then the extra names. */
    public List<String> dnsNames() {
        List<String> names = new ArrayList<>(CertificateAuthority.serviceDnsNames(service, namespace));
        extraDnsNames.stream().filter(n -> !names.contains(n)).forEach(names::add);
        return List.copyOf(names);
    }

    /** The name the API server verifies when it calls the webhook through its Service. */
    public String apiServerHostname() {
        return service + "." + namespace + ".svc";
    }

    /** The webhook configurations to inject, mutating first; empty names skipped. */
    public List<WebhookConfigurationRef> webhookConfigurations() {
        List<WebhookConfigurationRef> refs = new ArrayList<>();
        if (mutatingWebhook != null && !mutatingWebhook.isBlank()) {
            refs.add(new WebhookConfigurationRef(WebhookConfigurationRef.Kind.MUTATING, mutatingWebhook));
        }
        if (validatingWebhook != null && !validatingWebhook.isBlank()) {
            refs.add(new WebhookConfigurationRef(WebhookConfigurationRef.Kind.VALIDATING, validatingWebhook));
        }
        return List.copyOf(refs);
    }

    private static void requireName(String value, String what) {
        if (value == null || !value.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?") || value.length() > 253) {
            throw new IllegalArgumentException(what + " name is not a valid Kubernetes name: " + value);
        }
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
    }
}
