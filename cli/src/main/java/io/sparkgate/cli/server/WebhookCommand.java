package io.sparkgate.cli.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkgate.webhook.server.SecretCertificates;
import io.sparkgate.webhook.server.WebhookConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sparkgate webhook}: the admission server as it runs in the cluster. */
@Command(name = "webhook", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the admission webhook: HTTPS endpoints the Kubernetes API server calls for Spark pods "
                + "and SparkApplications (/mutate/pods, /validate/pods, /validate/sparkapplications, "
                + "/validate/scheduledsparkapplications, /validate/sparkpolicies), plus /healthz, /readyz and "
                + "/metrics on a plain-HTTP port.",
            "",
            "Pods get their SparkApplication's mutations and the admins' SparkPolicy pod defaults; SparkApplications, "
                + "ScheduledSparkApplications and Spark pods are held to the policies' rules and tenant quotas. "
                + "Everything is read from informer caches (SparkApplications, Spark pods, Namespaces, "
                + "ResourceQuotas, SparkPolicies); /readyz is 503 until every cache has synced.",
            "",
            "The serving certificate is reloaded without a restart: from the watched files (--cert-mode file, "
                + "including a mounted Secret's ..data symlink swap) or from the Secret through a watch "
                + "(--cert-mode external), which the certificate writer (sparkgate cert-writer), cert-manager or you "
                + "keep current: the webhook never holds the CA key. SIGTERM drains: /readyz turns 503, requests in flight finish, "
                + "then the process exits.",
            "",
            "Examples:",
            "  sparkgate webhook --tls-cert-file /tls/tls.crt --tls-key-file /tls/tls.key --kubeconfig ~/.kube/config",
            "  sparkgate webhook --cert-mode external --namespace sparkgate-system --service sparkgate",
            ""})
public final class WebhookCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9443",
            description = "HTTPS port of the admission endpoints. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind-address", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address both listeners bind to. Default: ${DEFAULT-VALUE}.")
    String bindAddress;

    @Option(names = "--tls-cert-file", paramLabel = "FILE",
            description = "PEM serving certificate (chain, leaf first), e.g. a mounted Secret's tls.crt. Required "
                    + "with --cert-mode file; with external it is optional and only served until the "
                    + "Secret watch delivers.")
    Path certFile;

    @Option(names = "--tls-key-file", paramLabel = "FILE",
            description = "PEM private key of the certificate (PKCS#8, PKCS#1 or SEC1), e.g. tls.key; given exactly "
                    + "when --tls-cert-file is.")
    Path keyFile;

    @Option(names = "--health-port", paramLabel = "PORT", defaultValue = "8080",
            description = "Plain-HTTP port of /healthz, /readyz and /metrics. Default: ${DEFAULT-VALUE}.")
    int healthPort;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Read SparkApplications, SparkPolicies, Spark pods, Namespaces and ResourceQuotas from this "
                    + "cluster through informer caches (and its Secret with --cert-mode external). Without "
                    + "it (and without --apps-dir) the in-cluster service account is used when running in a pod.")
    Path kubeconfig;

    @Mixin
    CertificateSourceOptions certs;

    @Mixin
    AdmissionOptions admission;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("webhook", this::serve);
    }

    private int serve() throws Exception {
        checkFlags();
        if (certs.fromSecret()) {
            certs.settings(); // names and lifetimes checked before anything starts
            certs.managerOptions();
        }
        boolean inCluster = System.getenv("KUBERNETES_SERVICE_HOST") != null;
        KubernetesClient client = null;
        if (certs.fromSecret() || (admission.appsDir == null && (kubeconfig != null || inCluster))) {
            client = kubeconfig != null ? WebhookRuntime.Apps.client(kubeconfig)
                    : WebhookRuntime.Apps.inClusterClient();
        }
        WebhookRuntime.Apps apps = admission.appsDir == null && client != null
                ? WebhookRuntime.Apps.informer(client, kubeconfig != null ? "cluster of " + kubeconfig
                : "in-cluster API server", admission.quotaNamespace, admission.quotaTiming().ttl(),
                    admission.freshness())
                : WebhookRuntime.Apps.resolve(null, admission.appsDir, false);
        WebhookConfig config = WebhookRuntime.config(bindAddress, port, bindAddress, healthPort, certFile, keyFile,
                admission, !certs.fromSecret());
        WebhookRuntime runtime = WebhookRuntime.start(config, admission, apps, certificateSource(client,
                admission.appsDir != null));
        runtime.closeOnShutdown();
        runtime.awaitStop();
        return 0;
    }

    private void checkFlags() {
        certs.check();
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("give --tls-cert-file and --tls-key-file together");
        }
        if (!certs.fromSecret() && certFile == null) {
            throw new IllegalArgumentException("--cert-mode file needs --tls-cert-file and --tls-key-file (or use "
                    + "--cert-mode external to serve the certificate from its Secret)");
        }
        if (admission.policiesDir != null && admission.appsDir == null) {
            throw new IllegalArgumentException("--policies-dir needs --apps-dir: in a cluster the policies are its "
                    + "SparkPolicy objects");
        }
        admission.quotaTiming(); // durations checked before anything starts
        admission.freshness();
    }

    /** The Secret watch of external mode (a reader only); closes the client it alone uses. */
    private WebhookRuntime.CertificateSource certificateSource(KubernetesClient client, boolean ownsClient) {
        if (!certs.fromSecret()) {
            return WebhookRuntime.CertificateSource.FILES;
        }
        var settings = certs.settings();
        var options = certs.managerOptions();
        return (server, registry) -> {
            SecretCertificates secret = SecretCertificates.start(client, settings, options, server.certificates(),
                    registry, Clock.systemUTC());
            LoggerFactory.getLogger(WebhookCommand.class).info("serving certificate from Secret {}/{} "
                    + "(read only, identity {})", settings.namespace(), settings.secretName(), options.identity());
            return () -> {
                secret.close();
                if (ownsClient) {
                    client.close();
                }
            };
        };
    }
}
