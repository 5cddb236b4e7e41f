package io.sparkgate.bench.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparkgate.api.Json;
import io.sparkgate.certs.CertificateAuthority;
import io.sparkgate.certs.IssuedCertificate;
import io.sparkgate.certs.KeyAlgorithm;
import io.sparkgate.cli.server.DevCommand;
import io.sparkgate.webhook.admission.AdmissionEndpoints;
import io.sparkgate.webhook.admission.AdmissionMetrics;
import io.sparkgate.webhook.admission.MissingAppPolicy;
import io.sparkgate.webhook.admission.PodMutatingHandler;
import io.sparkgate.webhook.cluster.DirectoryCluster;
import io.sparkgate.webhook.cluster.StaticCluster;
import io.sparkgate.webhook.server.Readiness;
import io.sparkgate.webhook.admission.AdmissionWarmup;
import io.sparkgate.webhook.server.TlsEngine;
import io.sparkgate.webhook.server.WebhookConfig;
import io.sparkgate.webhook.server.WebhookServer;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The admission server alone, as its own process, for an external load generator (h2load, wrk, or
 * {@link AdmissionLoad} with {@code --target}): the same wiring as {@code sparkgate webhook --apps-dir DIR
 * --policies-dir DIR} (app mutators, then the policies' pod defaults; quotas on the validating endpoints) plus the
 * trivial {@code POST /bench/noop} endpoint and the two {@link BaselineEndpoints}, which the production command never
 * serves.
 *
 * <p>It writes into {@code OUT}: {@code ca.crt} (the throwaway CA the client must trust; the serving certificate is
 * for {@code localhost} and {@code 127.0.0.1}), {@code review.json} (the AdmissionReview of the real Spark 4.1.1
 * spark-pi driver pod) and {@code port}, then serves until {@code lifetime} seconds have passed, so a forgotten run
 * ends by itself.
 *
 * <p>It also writes {@code rich-driver-review.json} and {@code rich-executor-review.json}, the pods of
 * {@code rich-app.yaml} (webhook-server), whose app and admin policy it serves beside the directories'.
 *
 * <p>Usage: {@code BenchServer OUT APPS_DIR POLICIES_DIR [port=9443] [ecdsa|rsa] [lifetime-seconds=900] [warm]}
 * ({@code warm}: the production warm-up runs before the port file is written). The TLS engine is the production
 * default ({@code auto}: BoringSSL when it loads) unless {@code -Dsparkgate.bench.tls-engine=jdk|openssl} says
 * otherwise.
 */
public final class BenchServer {
    private BenchServer() {
    }

    private static void copyYaml(Path from, Path to) throws java.io.IOException {
        try (var files = Files.list(from)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Starts the server, writes the client's files and serves until the lifetime ends. */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: BenchServer OUT APPS_DIR POLICIES_DIR [port] [ecdsa|rsa] [lifetime-seconds]");
            System.exit(2);
        }
        Path out = Files.createDirectories(Path.of(args[0]));
        Path appsDir = Path.of(args[1]);
        Path policiesDir = Path.of(args[2]);
        boolean warmUp = args.length > 6 && args[6].equals("warm");
        int port = args.length > 3 ? Integer.parseInt(args[3]) : 9443;
        KeyAlgorithm key = args.length > 4 && args[4].equals("rsa") ? KeyAlgorithm.RSA_2048 : KeyAlgorithm.ECDSA_P256;
        long lifetime = args.length > 5 ? Long.parseLong(args[5]) : 900;

        CertificateAuthority ca = CertificateAuthority.generate("bench CA", Duration.ofDays(1), key, Clock.systemUTC(),
                new SecureRandom());
        IssuedCertificate leaf = ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1), key);
        Files.writeString(out.resolve("ca.crt"), ca.certificate().certificatePem());
        Files.writeString(out.resolve("tls.crt"), leaf.certificatePem());
        Files.writeString(out.resolve("tls.key"), leaf.keyPem());
        Files.write(out.resolve("review.json"), Json.write(DevCommand.sampleReview()).getBytes(StandardCharsets.UTF_8));

        // the rich app of issue 16 (every field family, an admin policy with defaults and a quota) beside the
        // directory's apps: both directories are copied with rich-app.yaml into OUT
        Path apps = Files.createDirectories(out.resolve("apps"));
        Path policies = Files.createDirectories(out.resolve("policies"));
        copyYaml(appsDir, apps);
        copyYaml(policiesDir, policies);
        Files.writeString(apps.resolve("rich-app.yaml"), AdmissionWarmup.richAppYaml());
        Files.writeString(policies.resolve("rich-app.yaml"), AdmissionWarmup.richAppYaml());
        Files.write(out.resolve("rich-driver-review.json"), AdmissionWarmup.richPodReview("driver"));
        Files.write(out.resolve("rich-executor-review.json"), AdmissionWarmup.richPodReview("executor"));
        appsDir = apps;
        policiesDir = policies;

        Vertx vertx = Vertx.vertx();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AdmissionMetrics metrics = new AdmissionMetrics(registry);
        StaticCluster cluster = DirectoryCluster.load(appsDir)
                .withPolicies(DirectoryCluster.policies(policiesDir), policiesDir.toString());
        var wait = new PodMutatingHandler.AppWait(Duration.ofSeconds(2), Duration.ofMillis(50), MissingAppPolicy.ALLOW,
                (ms, task) -> vertx.setTimer(Math.max(1, ms), id -> task.run()));
        var components = AdmissionEndpoints.Components.enforcing(cluster.policies(), cluster.ledger(), cluster.view());
        WebhookServer server = WebhookServer.start(vertx,
                WebhookConfig.defaults("127.0.0.1", port, 0, out.resolve("tls.crt"), out.resolve("tls.key"))
                        .withBenchEndpoint(true)
                        .withTlsEngine(TlsEngine.parse(System.getProperty("sparkgate.bench.tls-engine", "auto"))),
                BaselineEndpoints.with(AdmissionEndpoints.handlers(components, cluster.apps(), wait, metrics)), metrics,
                registry,
                new Readiness());
        if (warmUp) {
            // as the production server does before /readyz (issue 16's cold start, with and without)
            System.out.println("warm-up: " + AdmissionWarmup.run(AdmissionWarmup.DEFAULT_BUDGET));
        }
        Files.writeString(out.resolve("port"), Integer.toString(server.port()));
        System.out.printf("bench server on https://127.0.0.1:%d (%s), %d cores, files in %s, stops in %d s%n",
                server.port(), key, Runtime.getRuntime().availableProcessors(), out, lifetime);
        Thread.sleep(Duration.ofSeconds(lifetime).toMillis());
        server.shutdown(Duration.ofSeconds(2));
        vertx.close().toCompletionStage().toCompletableFuture().join();
        cluster.close();
    }
}
