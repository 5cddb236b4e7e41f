package io.sparkgate.cli.server;

import io.sparkgate.certs.CertificateSettings;
import io.sparkgate.certs.ManagerOptions;
import io.sparkgate.cli.certs.LongDurationConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where {@code sparkgate webhook} gets its serving certificate: the files (watched), or the Secret through a watch,
 * with this process issuing and rotating it ({@code managed}) or only reading what another issuer writes
 * ({@code external}). The names must match what {@code sparkgate certs init} and the Helm chart use.
 */
public final class CertificateSourceOptions {
    /** The certificate sources. */
    enum CertMode {
        /** --tls-cert-file / --tls-key-file, polled for changes. */
        FILE,
        /** The Secret, issued, renewed, rotated and injected into the caBundles by the elected replica. */
        MANAGED,
        /** The Secret, written by cert-manager or a person; only read, checked and reloaded. */
        EXTERNAL
    }

    @Option(names = "--cert-mode", paramLabel = "file|managed|external", defaultValue = "file",
            description = "Where the serving certificate comes from: file (the --tls-cert-file/--tls-key-file pair, "
                    + "watched), managed (the Secret --secret, which one replica elected through the Lease "
                    + "--lease-name issues, renews, rotates and injects into the webhook configurations; every "
                    + "replica reloads it through a watch) or external (the Secret, written by cert-manager or you; "
                    + "only read, checked and reloaded). Default: ${DEFAULT-VALUE}.")
    CertMode mode;

    @Option(names = "--namespace", paramLabel = "NS",
            description = "Namespace of the webhook Service, its Secrets and the Lease (managed/external). "
                    + "Default: $POD_NAMESPACE.")
    String namespace;

    @Option(names = "--service", paramLabel = "NAME", defaultValue = "sparkgate",
            description = "The webhook Service the API server calls; its DNS names are the certificate's names "
                    + "(managed/external). Default: ${DEFAULT-VALUE}.")
    String service;

    @Option(names = "--secret", paramLabel = "NAME",
            description = "The kubernetes.io/tls Secret holding tls.crt, tls.key and ca.crt (managed/external). "
                    + "Default: <service>-tls; the CA key is kept in <secret>-ca.")
    String secret;

    @Option(names = "--mutating-webhook", paramLabel = "NAME",
            description = "MutatingWebhookConfiguration whose caBundle is kept right (managed; \"\" for none). "
                    + "Default: <service>.")
    String mutatingWebhook;

    @Option(names = "--validating-webhook", paramLabel = "NAME",
            description = "ValidatingWebhookConfiguration whose caBundle is kept right (managed; \"\" for none). "
                    + "Default: <service>.")
    String validatingWebhook;

    @Option(names = "--lease-name", paramLabel = "NAME", defaultValue = "sparkgate-certificates",
            description = "The Lease the replicas elect the certificate writer with (managed). "
                    + "Default: ${DEFAULT-VALUE}.")
    String leaseName;

    @Option(names = "--pod-name", paramLabel = "NAME",
            description = "This replica's name in the Lease and in Events (managed/external). "
                    + "Default: $POD_NAME, else $HOSTNAME.")
    String podName;

    @Option(names = "--ca-validity", paramLabel = "DURATION", defaultValue = "1825d",
            converter = LongDurationConverter.class,
            description = "Lifetime of a CA this process creates (managed). Default: ${DEFAULT-VALUE}.")
    Duration caValidity;

    @Option(names = "--leaf-validity", paramLabel = "DURATION", defaultValue = "365d",
            converter = LongDurationConverter.class,
            description = "Lifetime of a serving certificate this process issues (managed). "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration leafValidity;

    @Option(names = "--extra-dns", paramLabel = "NAME", split = ",",
            description = "More DNS names the serving certificate carries (managed).")
    List<String> extraDns = new ArrayList<>();

    /** Whether the certificate comes from the Secret rather than the files. */
    boolean fromSecret() {
        return mode != CertMode.FILE;
    }

    /** The Secret, names and lifetimes these options describe. */
    CertificateSettings settings() {
        String ns = namespace != null ? namespace : System.getenv("POD_NAMESPACE");
        if (ns == null || ns.isBlank()) {
            throw new IllegalArgumentException("--cert-mode " + mode.name().toLowerCase(java.util.Locale.ROOT)
                    + " needs --namespace (or $POD_NAMESPACE): the namespace of the Service and its Secret");
        }
        if (leafValidity.compareTo(caValidity) > 0) {
            throw new IllegalArgumentException("--leaf-validity must not exceed --ca-validity");
        }
        CertificateSettings s = CertificateSettings.defaults(ns, service);
        if (secret != null) {
            s = s.withSecret(secret);
        }
        return s.withWebhooks(mutatingWebhook == null ? service : mutatingWebhook,
                        validatingWebhook == null ? service : validatingWebhook)
                .withKeys(s.keyAlgorithm(), caValidity, leafValidity)
                .withExtraNames(extraDns, List.of());
    }

    /** How the in-process certificate manager runs. */
    ManagerOptions managerOptions() {
        String identity = podName;
        if (identity == null || identity.isBlank()) {
            identity = System.getenv("POD_NAME");
        }
        if (identity == null || identity.isBlank()) {
            identity = System.getenv("HOSTNAME");
        }
        if (identity == null || identity.isBlank()) {
            throw new IllegalArgumentException("--pod-name is required when neither $POD_NAME nor $HOSTNAME is set");
        }
        return ManagerOptions.of(mode == CertMode.MANAGED ? ManagerOptions.Mode.MANAGED
                : ManagerOptions.Mode.EXTERNAL, identity, leaseName);
    }
}
