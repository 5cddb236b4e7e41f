package io.sparkgate.cli.dev;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.certs.CaBundleInjector;
import io.sparkgate.certs.CertificateAuthority;
import io.sparkgate.certs.CertificateSettings;
import io.sparkgate.certs.IssuedCertificate;
import io.sparkgate.certs.KeyAlgorithm;
import io.sparkgate.testing.CustomResources;
import io.sparkgate.testing.apiserver.AdmissionListener;
import io.sparkgate.testing.apiserver.ApiEmulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Kubernetes control plane with sparkgate installed, on one machine: the API emulation (kube-apiserver's
 * admission chain over verified HTTPS), sparkgate's CRDs, a CA and serving certificate for
 * {@code sparkgate.sparkgate-system.svc}, the webhook started through {@link WebhookStarter} and routed as that
 * Service, and the Helm chart's webhook configurations with the caBundle injected by cert-manager-bootstrap's
 * {@link CaBundleInjector}. Used by {@code sparkgate dev} and the end-to-end tests, which also restart the webhook
 * and rotate its certificate under load.
 */
public final class LocalCluster implements AutoCloseable {
    private static final Duration VALIDITY = Duration.ofDays(7);
    private static final Duration WARM_UP = Duration.ofSeconds(30);

    private final ApiEmulation api;
    private final WebhookStarter starter;
    private final CaBundleInjector injector;
    private final Path certFile;
    private final Path keyFile;
    private final Clock clock;
    private volatile CertificateAuthority ca;
    private volatile WebhookStarter.Running webhook;
    private int generation = 1;
    private final List<WebhookStarter.Running> extraReplicas = new java.util.concurrent.CopyOnWriteArrayList<>();

    private LocalCluster(ApiEmulation api, WebhookStarter starter, Path dir, Clock clock) {
        this.api = api;
        this.starter = starter;
        this.clock = clock;
        this.injector = new CaBundleInjector(api.client(),
                CertificateSettings.defaults(ChartWebhooks.NAMESPACE, ChartWebhooks.SERVICE).webhookConfigurations(),
                clock);
        this.certFile = dir.resolve("tls.crt");
        this.keyFile = dir.resolve("tls.key");
    }

    /** Options of a local cluster. */
    public record Options(Path workDir, ChartWebhooks webhooks, int apiWorkerThreads, AdmissionListener listener) {
        /** The chart's defaults, 32 API worker threads, no listener. */
        public static Options defaults(Path workDir) {
            return new Options(workDir, ChartWebhooks.chartDefaults(), 32, null);
        }

        /** A copy with other webhook configurations. */
        public Options withWebhooks(ChartWebhooks configurations) {
            return new Options(workDir, configurations, apiWorkerThreads, listener);
        }

        /** A copy whose emulation tells {@code admissionListener} of every admission decision. */
        public Options withListener(AdmissionListener admissionListener) {
            return new Options(workDir, webhooks, apiWorkerThreads, admissionListener);
        }

        /** A copy with another number of API worker threads (requests that may wait on webhooks at once). */
        public Options withApiWorkerThreads(int threads) {
            return new Options(workDir, webhooks, threads, listener);
        }
    }

    /** Starts everything; on failure, whatever started is stopped again. */
    public static LocalCluster start(WebhookStarter starter, Options options) {
        ApiEmulation api = ApiEmulation.builder().workerThreads(options.apiWorkerThreads())
                .listener(options.listener()).start();
        LocalCluster cluster = null;
        try {
            Files.createDirectories(options.workDir());
            cluster = new LocalCluster(api, starter, options.workDir(), Clock.systemUTC());
            CustomResources.register(api.client());
            cluster.issue(cluster.newCa());
            cluster.startWebhook(0);
            options.webhooks().objects().forEach(o -> api.client().resource(o).create());
            cluster.injector.inject(cluster.ca.certificate().certificatePem());
            cluster.awaitAdmission(WARM_UP);
            return cluster;
        } catch (IOException | RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            } else {
                api.close();
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** The API emulation. */
    public ApiEmulation api() {
        return api;
    }

    /** A client of the emulation in namespace {@code default}, acting as cluster admin. */
    public KubernetesClient client() {
        return api.client();
    }

    /** The running webhook. */
    public WebhookStarter.Running webhook() {
        return webhook;
    }

    /** The CA that signed the serving certificate in use, as PEM. */
    public String caPem() {
        return ca.certificate().certificatePem();
    }

    /** The serving certificate file the webhook reads. */
    public Path certFile() {
        return certFile;
    }

    /** Stops the webhook (requests in flight drain); the Service keeps pointing at its port, which now refuses. */
    public void stopWebhook() {
        WebhookStarter.Running running = webhook;
        if (running != null) {
            running.close();
        }
    }

    /** Starts the webhook again on the port it had, as a restarted pod behind the same Service. */
    public void restartWebhook() {
        int port = webhook.port();
        startWebhook(port);
    }

    /**
     * Rotates to a new CA the way cert-manager-bootstrap does, without a window of failed calls: publish old and new
     * CA in every caBundle, wait for the API server to see it, serve a leaf of the new CA (pushed to the running
     * webhook and written to its files, so a restart keeps it), wait, then publish the new CA alone.
     *
     * @param propagation how long the API server may take to see a caBundle change
     */
    public void rotateCertificate(Duration propagation) {
        CertificateAuthority next = newCa();
        injector.inject(ca.certificate().certificatePem() + next.certificate().certificatePem());
        sleep(propagation);
        IssuedCertificate leaf = issue(next);
        try {
            webhook.certificates().update(leaf.certificatePem(), leaf.keyPem()).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the webhook refused the new certificate: " + e.getMessage(), e);
        }
        sleep(propagation);
        injector.inject(next.certificate().certificatePem());
    }

    /**
     * Waits until the API server's calls to the webhook succeed, with a dry-run Spark pod through the whole chain.
     * On a cold, loaded machine the first TLS handshakes can exceed the webhooks' 5 s timeout, which a user of
     * {@code dev} should not see as a refused app.
     */
    private void awaitAdmission(Duration timeout) {
        Pod probe = new PodBuilder().withNewMetadata().withName("sparkgate-warm-up")
                .addToLabels(SparkLabels.SPARK_ROLE, "driver").endMetadata()
                .withNewSpec().addNewContainer().withName("spark-kubernetes-driver").withImage("spark:4.1.1")
                .endContainer().endSpec().build();
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                api.client().pods().inNamespace("default").resource(probe).dryRun().create();
                return;
            } catch (KubernetesClientException e) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("the API server could not call the webhook within "
                            + timeout.toSeconds() + "s: " + e.getMessage(), e);
                }
                sleep(Duration.ofMillis(200));
            }
        }
    }

    private void startWebhook(int port) {
        // A client of its own, as a webhook pod has: the webhook closes it when it stops.
        webhook = starter.start(port, certFile, keyFile, api.newClient(c -> c));
        api.routeService(ChartWebhooks.NAMESPACE, ChartWebhooks.SERVICE, ChartWebhooks.SERVICE_PORT, webhook.port());
    }

    private CertificateAuthority newCa() {
        return CertificateAuthority.generate("sparkgate local CA " + generation++, VALIDITY, KeyAlgorithm.ECDSA_P256,
                clock, new SecureRandom());
    }

    /** Makes {@code authority} the current CA and writes a serving certificate it signed to the webhook's files. */
    private IssuedCertificate issue(CertificateAuthority authority) {
        IssuedCertificate leaf = authority.issueServer(
                CertificateAuthority.serviceDnsNames(ChartWebhooks.SERVICE, ChartWebhooks.NAMESPACE),
                List.of("127.0.0.1"), VALIDITY, KeyAlgorithm.ECDSA_P256);
        try {
            // Key first: a watcher polling the pair must never see a new certificate with the old key for long.
            Files.writeString(keyFile, leaf.keyPem(), StandardCharsets.UTF_8);
            Files.writeString(certFile, leaf.certificatePem(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ca = authority;
        return leaf;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Starts {@code count} more webhook replicas, each with its own client and caches as a pod of its own, and
     * spreads the Service over all of them round-robin, as kube-proxy does over ready endpoints.
     */
    public List<WebhookStarter.Running> addReplicas(int count) {
        List<WebhookStarter.Running> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(starter.start(0, certFile, keyFile, api.newClient(c -> c)));
        }
        extraReplicas.addAll(started);
        routeReplicas();
        return started;
    }

    /**
     * Stops an extra replica as a killed pod: the Service still routes to it, so calls landing there fail, until
     * {@link #dropEndpoint} removes it as the endpoints controller would.
     */
    public void killReplica(WebhookStarter.Running replica) {
        replica.close();
    }

    /** Removes a (killed) extra replica from the Service's endpoints. */
    public void dropEndpoint(WebhookStarter.Running replica) {
        extraReplicas.remove(replica);
        routeReplicas();
    }

    private void routeReplicas() {
        List<Integer> ports = new ArrayList<>();
        ports.add(webhook.port());
        extraReplicas.forEach(r -> ports.add(r.port()));
        api.routeService(ChartWebhooks.NAMESPACE, ChartWebhooks.SERVICE, ChartWebhooks.SERVICE_PORT, ports);
    }

    /** Stops the webhook and its extra replicas, then the emulation. */
    @Override
    public void close() {
        try {
            extraReplicas.forEach(WebhookStarter.Running::close);
            stopWebhook();
        } finally {
            api.close();
        }
    }
}
