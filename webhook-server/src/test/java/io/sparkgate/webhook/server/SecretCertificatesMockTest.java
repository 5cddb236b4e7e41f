package io.sparkgate.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparkgate.certs.CertificateManager;
import io.sparkgate.certs.CertificateSettings;
import io.sparkgate.certs.ManagerOptions;
import io.sparkgate.certs.Pem;
import io.sparkgate.certs.RolloutProbe;
import io.sparkgate.webhook.admission.AdmissionEndpoints;
import io.sparkgate.webhook.admission.AdmissionMetrics;
import io.sparkgate.webhook.admission.MissingAppPolicy;
import io.sparkgate.webhook.admission.PodMutatingHandler;
import io.sparkgate.webhook.apps.AppLookup;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * {@code --cert-mode external} next to a certificate writer in another process (issue 18: the webhook never holds the
 * CA key): the writer issues the serving certificate into its Secret, the webhook's Secret watch pushes it into a
 * running server that started with none, and a rotation reaches new handshakes without a restart. Clients trust
 * only the CA from the Secret and verify the hostname.
 */
@EnableKubernetesMockClient(crud = true)
class SecretCertificatesMockTest {
    static KubernetesClient client;

    private static final String NS = "sparkgate-system";

    @Test
    void aRotatedCertificateFromTheSecretReachesNewHandshakesOfTheRunningServer() throws Exception {
        client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
                new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("sparkgate").endMetadata()
                        .addNewWebhook().withName("mutate-pods.sparkgate.io").withNewClientConfig().endClientConfig()
                        .endWebhook().build()).create();
        client.admissionRegistration().v1().validatingWebhookConfigurations().resource(
                new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName("sparkgate").endMetadata()
                        .addNewWebhook().withName("validate-pods.sparkgate.io").withNewClientConfig().endClientConfig()
                        .endWebhook().build()).create();
        CertificateSettings settings = CertificateSettings.defaults(NS, "sparkgate")
                .withExtraNames(List.of("localhost"), List.of("127.0.0.1"))
                .withTimings(Duration.ofSeconds(2), Duration.ofMillis(200));
        Vertx vertx = Vertx.vertx();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AdmissionMetrics metrics = new AdmissionMetrics(registry);
        Readiness readiness = new Readiness();
        var wait = new PodMutatingHandler.AppWait(Duration.ZERO, Duration.ofMillis(50), MissingAppPolicy.ALLOW,
                (ms, task) -> vertx.setTimer(Math.max(1, ms), id -> task.run()));
        WebhookServer server = WebhookServer.start(vertx, WebhookConfig.pushedCertificates("127.0.0.1", 0, 0),
                AdmissionEndpoints.handlers(AdmissionEndpoints.Components.defaults(), AppLookup.none(), wait,
                        metrics), metrics, registry, readiness);
        try (CertificateManager writer = new CertificateManager(client, settings,
                ManagerOptions.of(ManagerOptions.Mode.MANAGED, "sparkgate-cert-writer-0", "sparkgate-cert-writer")
                        .withElection(Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(300)),
                (cert, key) -> { }, RolloutProbe.OVERLAP_ONLY, registry, Clock.systemUTC(), new SecureRandom());
             SecretCertificates certificates = SecretCertificates.start(client, settings,
                ManagerOptions.of(ManagerOptions.Mode.EXTERNAL, "sparkgate-0", "unused"), server.certificates(),
                registry, Clock.systemUTC())) {
            writer.start();
            assertThat(readiness.notReady()).contains("no serving certificate loaded");

            await("the first certificate served", () -> server.currentCertificate() != null);
            assertThat(readiness.notReady()).isEmpty();
            assertThat(writer.isLeader()).isTrue();
            X509Certificate first = served(server);
            assertThat(first).isEqualTo(secretLeaf()).isEqualTo(server.currentCertificate().leaf());

            writer.requestRotation(false);
            await("the renewed certificate served", () -> !server.currentCertificate().leaf().equals(first));
            X509Certificate second = served(server);
            assertThat(second).isNotEqualTo(first).isEqualTo(secretLeaf());
            assertThat(registry.get(TlsReloader.RELOADS).tag("result", "success").counter().count()).isEqualTo(2);
        } finally {
            server.shutdown(Duration.ofSeconds(5));
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Test
    void theWebhookRefusesToBeTheCertificateWriter() {
        CertificateSettings settings = CertificateSettings.defaults(NS, "sparkgate");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() ->
                        SecretCertificates.start(client, settings, ManagerOptions.of(ManagerOptions.Mode.MANAGED,
                                "sparkgate-0", "sparkgate-webhook"), (cert, key) -> null,
                                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC()))
                .withMessageContaining("must not hold");
    }

    /** The leaf a new connection is served, trusting only the Secret's CA, hostname verified. */
    private static X509Certificate served(WebhookServer server) throws Exception {
        // A new client, so a new connection and a new handshake.
        HttpClient http = HttpClient.newBuilder().sslContext(trustingSecretCa()).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                        + server.port() + "/validate/pods")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400); // not an AdmissionReview: answered over TLS
        return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    }

    private static Secret secret() {
        return client.secrets().inNamespace(NS).withName("sparkgate-tls").get();
    }

    private static X509Certificate secretLeaf() {
        return Pem.readCertificates(decode(secret(), "tls.crt"), "tls.crt").get(0);
    }

    private static SSLContext trustingSecretCa() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        List<X509Certificate> cas = Pem.readCertificates(decode(secret(), "ca.crt"), "ca.crt");
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca" + i, cas.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), new SecureRandom());
        return context;
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.US_ASCII);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within 60 s", what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
