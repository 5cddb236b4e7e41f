package io.sparkgate.cli.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparkgate.policy.quota.QuotaCommit;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.webhook.admission.AdmissionEndpoints;
import io.sparkgate.webhook.admission.AdmissionMetrics;
import io.sparkgate.webhook.admission.AdmissionWarmup;
import io.sparkgate.webhook.admission.DecisionPool;
import io.sparkgate.webhook.admission.PodMutatingHandler;
import io.sparkgate.webhook.apps.AppLookup;
import io.sparkgate.webhook.cluster.ClusterMetrics;
import io.sparkgate.webhook.cluster.ClusterSource;
import io.sparkgate.webhook.cluster.DirectoryCluster;
import io.sparkgate.informers.InterningSerialization;
import io.sparkgate.webhook.cluster.InformerCaches;
import io.sparkgate.webhook.cluster.QuotaPruning;
import io.sparkgate.webhook.cluster.StaticCluster;
import io.sparkgate.webhook.server.Readiness;
import io.sparkgate.webhook.server.WebhookConfig;
import io.sparkgate.webhook.server.WebhookServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook process wired together: Vert.x, metrics, the cluster source (informer caches, a directory or
 * nothing) feeding the policy engine and the pod mutation pipeline, the admission handlers, the server and its
 * certificate source. Shared by {@code sparkgate webhook} and {@code sparkgate dev}.
 */
final class WebhookRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookRuntime.class);

    private final Vertx vertx;
    private final WebhookServer server;
    private final List<AutoCloseable> resources;
    private final Duration grace;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private WebhookRuntime(Vertx vertx, WebhookServer server, List<AutoCloseable> resources, Duration grace) {
        this.vertx = vertx;
        this.server = server;
        this.resources = resources;
        this.grace = grace;
    }

    /**
     * Where the SparkApplications (and, with {@code cluster}, the view quotas read and the live policies) come
     * from. A null {@code cluster} means the apps of {@code lookup} over an otherwise empty cluster.
     */
    record Apps(AppLookup lookup, String description, AutoCloseable closer, ClusterSource cluster) {
        /** Apps from a kubeconfig's cluster (informer caches), a directory, or nowhere. */
        static Apps resolve(Path kubeconfig, Path appsDir, boolean inCluster) throws IOException {
            if (kubeconfig != null) {
                return informer(client(kubeconfig), "cluster of " + kubeconfig);
            }
            if (appsDir != null) {
                StaticCluster dir = DirectoryCluster.load(appsDir);
                return new Apps(dir.apps(), dir.description(), dir, dir);
            }
            if (inCluster) {
                return informer(inClusterClient(), "in-cluster API server");
            }
            StaticCluster none = StaticCluster.empty("none (no --kubeconfig, no --apps-dir): pods are mutated "
                    + "without their SparkApplication");
            return new Apps(none.apps(), none.description(), none, none);
        }

        /** The informer caches of {@code client}'s cluster; closing them closes the client. */
        static Apps informer(KubernetesClient client, String where) {
            return informer(client, where, null);
        }

        /**
         * The informer caches of {@code client}'s cluster, committing tenant-quota reservations in
         * {@code quotaNamespace} (null: in this process only); closing them closes the client.
         */
        static Apps informer(KubernetesClient client, String where, String quotaNamespace) {
            return informer(client, where, quotaNamespace, ReservationLedger.DEFAULT_TTL,
                    InformerCaches.Freshness.DEFAULT);
        }

        /**
         * As {@link #informer(KubernetesClient, String, String)}, reservations holding {@code reservationTtl}
         * unconfirmed and the caches' freshness bounded by {@code freshness}.
         */
        static Apps informer(KubernetesClient client, String where, String quotaNamespace, Duration reservationTtl,
                             InformerCaches.Freshness freshness) {
            InformerCaches caches = InformerCaches.start(client, Clock.systemUTC(), where,
                    quotaNamespace == null || quotaNamespace.isBlank() ? null : quotaNamespace, reservationTtl,
                    freshness);
            return new Apps(caches.apps(), "informer caches of the " + where, () -> {
                caches.close();
                client.close();
            }, caches);
        }

        /** A client of the kubeconfig's cluster, reading objects with interned strings for the caches. */
        static KubernetesClient client(Path kubeconfig) throws IOException {
            Config config = Config.fromKubeconfig(Files.readString(kubeconfig, StandardCharsets.UTF_8));
            return InterningSerialization.clientBuilder().withConfig(config).build();
        }

        /** The in-cluster client (service account), reading objects with interned strings for the caches. */
        static KubernetesClient inClusterClient() {
            return InterningSerialization.clientBuilder().build();
        }
    }

    /** A source of serving certificates started next to the server, e.g. the Secret watch of managed mode. */
    @FunctionalInterface
    interface CertificateSource {
        /** Files only: the server watches them itself. */
        CertificateSource FILES = (server, registry) -> () -> { };

        /** Starts pushing certificates into {@code server}; the result stops it. */
        AutoCloseable start(WebhookServer server, MeterRegistry registry);
    }

    /** Starts the server with its certificate files as the only source; the caller owns the result. */
    static WebhookRuntime start(WebhookConfig config, AdmissionOptions options, Apps apps) {
        return start(config, options, apps, CertificateSource.FILES);
    }

    /** Starts the server and its certificate source; the caller owns the result and closes it. */
    static WebhookRuntime start(WebhookConfig config, AdmissionOptions options, Apps apps,
                                CertificateSource certificates) {
        Vertx vertx = Vertx.vertx();
        List<AutoCloseable> resources = new ArrayList<>();
        resources.add(apps.closer());
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ClusterSource cluster = cluster(apps, options);
            Readiness readiness = new Readiness();
            cluster.caches().forEach(readiness::require);
            if (!options.warmUp.isZero() && !options.warmUp.isNegative()) {
                // warms while the caches list, so readiness waits for whichever takes longer
                readiness.require("admission-path-warm-up", AdmissionWarmup.start(options.warmUp));
            }
            ClusterMetrics.register(cluster, registry);
            AdmissionMetrics metrics = new AdmissionMetrics(registry);
            DecisionPool pool = new DecisionPool(config.limits().workers(), config.limits().queue()).register(registry);
            // The wait's later polls decide on the pool too, never on the event loop that fires the timer.
            var wait = new PodMutatingHandler.AppWait(options.appWait, Duration.ofMillis(50), options.missingApp,
                    pool.scheduler((ms, task) -> vertx.setTimer(Math.max(1, ms), id -> task.run())));
            AdmissionOptions.QuotaTiming timing = options.quotaTiming();
            QuotaCommit commit = cluster.reservationStore().map(store -> new QuotaCommit(store, Clock.systemUTC(),
                    timing.ttl(), timing.budget(), ClusterMetrics.quotaCommits(registry))).orElse(null);
            if (commit != null) {
                resources.add(QuotaPruning.start(commit, cluster, timing.pruneEvery(), registry));
            }
            var components = AdmissionEndpoints.Components.enforcing(cluster.policies(), cluster.ledger(),
                    cluster.view(), commit);
            var handlers = AdmissionEndpoints.handlers(components, cluster.apps(), wait, metrics);
            WebhookServer server = WebhookServer.start(vertx, config, handlers, metrics, registry, readiness,
                    pool);
            LOG.info("SparkApplications, SparkPolicies and quota usage from {}", cluster.description());
            resources.add(0, certificates.start(server, registry));
            return new WebhookRuntime(vertx, server, resources, options.shutdownGrace);
        } catch (RuntimeException e) {
            vertx.close();
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception ignored) {
                    // already failing: the original error is the one to report
                }
            }
            throw e;
        }
    }

    /** The cluster the engine reads: the apps' source, with the policies of --policies-dir offline. */
    private static ClusterSource cluster(Apps apps, AdmissionOptions options) {
        ClusterSource cluster = apps.cluster() != null ? apps.cluster()
                : StaticCluster.ofApps(apps.lookup(), apps.description());
        if (options.policiesDir == null) {
            return cluster;
        }
        if (!(cluster instanceof StaticCluster offline)) {
            throw new IllegalArgumentException("--policies-dir is for offline use (--apps-dir, dev); in a cluster the "
                    + "policies are its SparkPolicy objects");
        }
        return offline.withPolicies(DirectoryCluster.policies(options.policiesDir), options.policiesDir.toString());
    }

    /** The running server. */
    WebhookServer server() {
        return server;
    }

    /** Blocks until {@link #close} ran (e.g. from the SIGTERM shutdown hook). */
    void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Closes the runtime when the JVM is asked to stop (SIGTERM, Ctrl-C). */
    void closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "sparkgate-shutdown"));
    }

    /** Drains the server, then releases Vert.x and the app source. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        server.shutdown(grace);
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", r, e.toString());
            }
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
        stopped.countDown();
    }

    /** Builds the server config from the shared options; the certificate files are watched. */
    static WebhookConfig config(String host, int port, String healthHost, int healthPort, Path cert, Path key,
                                AdmissionOptions options) {
        return config(host, port, healthHost, healthPort, cert, key, options, true);
    }

    /**
     * Builds the server config from the shared options.
     *
     * @param watchFiles false when another source pushes certificates: the files, if any, give only the first
     */
    static WebhookConfig config(String host, int port, String healthHost, int healthPort, Path cert, Path key,
                                AdmissionOptions options, boolean watchFiles) {
        return new WebhookConfig(host, port, healthHost, healthPort, cert, key, options.maxBodyBytes,
                options.bodyTimeout, options.certPollInterval, options.http2, false, watchFiles, options.limits(),
                options.tlsEngine);
    }
}
