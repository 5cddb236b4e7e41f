package io.sparkgate.cli.certs;

import io.sparkgate.certs.CertificateSettings;
import io.sparkgate.certs.KeyAlgorithm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every {@code sparkgate certs} verb shares: where the certificates live and what they look like. */
public final class CertOptions {
    @Option(names = {"-n", "--namespace"}, required = true, paramLabel = "NS", description = "Namespace of the webhook Service and its Secrets.")
    String namespace;

    @Option(names = "--service", required = true, paramLabel = "NAME", description = "The webhook Service; its DNS names become the SANs.")
    String service;

    @Option(names = "--secret", paramLabel = "NAME", description = "The kubernetes.io/tls Secret the webhook serves from. Default: <service>-tls.")
    String secret;

    @Option(names = "--ca-secret", paramLabel = "NAME", description = "The Secret keeping the CA key (not mounted by the webhook). Default: <secret>-ca.")
    String caSecret;

    @Option(names = "--mutating-webhook", paramLabel = "NAME", description = "MutatingWebhookConfiguration to inject (\"\" for none). Default: <service>.")
    String mutatingWebhook;

    @Option(names = "--validating-webhook", paramLabel = "NAME", description = "ValidatingWebhookConfiguration to inject (\"\" for none). Default: <service>.")
    String validatingWebhook;

    @Option(names = "--key-algorithm", paramLabel = "ALG", defaultValue = "ECDSA_P256", description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    KeyAlgorithm keyAlgorithm;

    @Option(names = "--ca-validity", paramLabel = "DURATION", defaultValue = "1825d", converter = LongDurationConverter.class, description = "Lifetime of a new CA. Default: ${DEFAULT-VALUE}.")
    Duration caValidity;

    @Option(names = "--leaf-validity", paramLabel = "DURATION", defaultValue = "365d", converter = LongDurationConverter.class, description = "Lifetime of a new serving certificate. Default: ${DEFAULT-VALUE}.")
    Duration leafValidity;

    @Option(names = "--extra-dns", paramLabel = "NAME", split = ",", description = "More DNS names for the serving certificate.")
    List<String> extraDns = new ArrayList<>();

    @Option(names = "--extra-ip", paramLabel = "IP", split = ",", description = "IP addresses for the serving certificate.")
    List<String> extraIp = new ArrayList<>();

    @Option(names = "--overlap", paramLabel = "DURATION", defaultValue = "10m", converter = LongDurationConverter.class, description = "How long old and new CA are both trusted after a CA rollover. Default: ${DEFAULT-VALUE}.")
    Duration overlap;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "kubeconfig to use. Default: in-cluster, $KUBECONFIG or ~/.kube/config.")
    Path kubeconfig;

    /** The settings these options describe. */
    CertificateSettings settings() {
        CertificateSettings s = CertificateSettings.defaults(namespace, service);
        if (secret != null) {
            s = s.withSecret(secret);
        }
        if (caSecret != null) {
            s = new CertificateSettings(s.namespace(), s.service(), s.secretName(), caSecret, s.mutatingWebhook(),
                    s.validatingWebhook(), s.keyAlgorithm(), s.caValidity(), s.leafValidity(), s.extraDnsNames(),
                    s.extraIpAddresses(), s.rolloverOverlap(), s.bundlePropagation());
        }
        if (leafValidity.compareTo(caValidity) > 0) {
            throw new IllegalArgumentException("--leaf-validity must not exceed --ca-validity");
        }
        return s.withWebhooks(mutatingWebhook == null ? service : mutatingWebhook,
                        validatingWebhook == null ? service : validatingWebhook)
                .withKeys(keyAlgorithm, caValidity, leafValidity)
                .withExtraNames(extraDns, extraIp)
                .withTimings(overlap, CertificateSettings.DEFAULT_BUNDLE_PROPAGATION);
    }
}
