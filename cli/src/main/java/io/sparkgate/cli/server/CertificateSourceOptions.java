package io.sparkgate.cli.server;

import io.sparkgate.certs.CertificateSettings;
import io.sparkgate.certs.ManagerOptions;
import io.sparkgate.cli.PodIdentity;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Where {@code sparkgate webhook} gets its serving certificate: the files (watched), or the Secret through a watch,
 * only read. The webhook never issues or rotates: that needs the CA key, which the process serving the admission
 * port must not hold (issue 18); {@code sparkgate cert-writer}, cert-manager or you write the Secret. The names must
 * match what {@code sparkgate certs init}, the writer and the Helm chart use.
 */
public final class CertificateSourceOptions {
    /** The certificate sources. */
    enum CertMode {
        /** --tls-cert-file / --tls-key-file, polled for changes. */
        FILE,
        /** Refused with a pointer to {@code sparkgate cert-writer}: kept so an old flag fails with a clear line. */
        MANAGED,
        /** The Secret, written by the certificate writer, cert-manager or a person; only read, checked, reloaded. */
        EXTERNAL
    }

    @Option(names = "--cert-mode", paramLabel = "file|external", defaultValue = "file",
            description = "Where the serving certificate comes from: file (the --tls-cert-file/--tls-key-file pair, "
                    + "watched) or external (the Secret --secret, written by 'sparkgate cert-writer', cert-manager "
                    + "or you; only read, checked and reloaded through a watch). The webhook never writes "
                    + "certificates nor reads the CA key. Default: ${DEFAULT-VALUE}.")
    CertMode mode;

    @Option(names = "--namespace", paramLabel = "NS",
            description = "Namespace of the webhook Service and its Secret (external). Default: $POD_NAMESPACE.")
    String namespace;

    @Option(names = "--service", paramLabel = "NAME", defaultValue = "sparkgate",
            description = "The webhook Service the API server calls; the certificate must carry its DNS name "
                    + "(external). Default: ${DEFAULT-VALUE}.")
    String service;

    @Option(names = "--secret", paramLabel = "NAME",
            description = "The kubernetes.io/tls Secret holding tls.crt, tls.key and ca.crt (external). "
                    + "Default: <service>-tls.")
    String secret;

    @Option(names = "--pod-name", paramLabel = "NAME",
            description = "This replica's name in Events (external). Default: $POD_NAME, else $HOSTNAME.")
    String podName;

    /** Whether the certificate comes from the Secret rather than the files. */
    boolean fromSecret() {
        return mode != CertMode.FILE;
    }

    /** Refuses the removed managed mode, naming what replaced it. */
    void check() {
        if (mode == CertMode.MANAGED) {
            throw new IllegalArgumentException("--cert-mode managed is gone: the process serving the admission port "
                    + "must not hold the CA key. Run 'sparkgate cert-writer' (the chart's certs.mode=self does) and "
                    + "start the webhook with --cert-mode external");
        }
    }

    /** The Secret and names these options describe. */
    CertificateSettings settings() {
        String ns = namespace != null ? namespace : System.getenv("POD_NAMESPACE");
        if (ns == null || ns.isBlank()) {
            throw new IllegalArgumentException("--cert-mode " + mode.name().toLowerCase(Locale.ROOT)
                    + " needs --namespace (or $POD_NAMESPACE): the namespace of the Service and its Secret");
        }
        CertificateSettings s = CertificateSettings.defaults(ns, service);
        return secret != null ? s.withSecret(secret) : s;
    }

    /** How the in-process Secret reader runs. */
    ManagerOptions managerOptions() {
        // A reader takes no Lease; the name is only a label.
        return ManagerOptions.of(ManagerOptions.Mode.EXTERNAL, PodIdentity.resolve(podName), "none");
    }
}
