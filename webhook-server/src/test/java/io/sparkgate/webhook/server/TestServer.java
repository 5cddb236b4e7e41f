package io.sparkgate.webhook.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparkgate.webhook.admission.AdmissionEndpoints;
import io.sparkgate.webhook.admission.AdmissionMetrics;
import io.sparkgate.webhook.admission.MissingAppPolicy;
import io.sparkgate.webhook.admission.PodMutatingHandler;
import io.sparkgate.webhook.apps.AppLookup;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;

/** Starts a real admission server on loopback with a generated certificate, for the *IT tests. */
final class TestServer implements AutoCloseable {
    final TestPki pki;
    final Vertx vertx = Vertx.vertx();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final Readiness readiness = new Readiness();
    final WebhookServer server;

    TestServer(Path certDir, WebhookConfig config, AdmissionEndpoints.Components components, AppLookup apps,
               Duration appWait) {
        this(writeNew(certDir), config, components, apps, appWait);
    }

    /** A server whose certificate files, issued by {@code pki}, are already in place. */
    TestServer(TestPki pki, WebhookConfig config, AdmissionEndpoints.Components components, AppLookup apps,
               Duration appWait) {
        this.pki = pki;
        var wait = new PodMutatingHandler.AppWait(appWait, Duration.ofMillis(50), MissingAppPolicy.ALLOW,
                (ms, task) -> vertx.setTimer(Math.max(1, ms), id -> task.run()));
        AdmissionMetrics metrics = new AdmissionMetrics(registry);
        server = WebhookServer.start(vertx, config, AdmissionEndpoints.handlers(components, apps, wait, metrics),
                metrics, registry, readiness);
    }

    private static TestPki writeNew(Path certDir) {
        TestPki pki = new TestPki();
        pki.writeTo(certDir);
        return pki;
    }

    /** A config on 127.0.0.1 with ephemeral ports, serving the files in {@code certDir}. */
    static WebhookConfig config(Path certDir) {
        return WebhookConfig.defaults("127.0.0.1", 0, 0, certDir.resolve("tls.crt"), certDir.resolve("tls.key"))
                .withBodyTimeout(Duration.ofSeconds(1)).withCertPollInterval(Duration.ofMillis(100));
    }

    @Override
    public void close() {
        server.shutdown(Duration.ofSeconds(10));
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
