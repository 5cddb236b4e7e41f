package io.sparkgate.certs;

import static io.sparkgate.certs.MockCluster.NS;
import static io.sparkgate.certs.MockCluster.SVC;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class CertificateReconcilerMockTest {
    static KubernetesMockServer server;
    static KubernetesClient client;

    private final CertificateSettings settings = CertificateSettings.defaults(NS, SVC);
    private final Clock clock = Clock.systemUTC();

    @BeforeEach
    void clean() {
        client.secrets().inNamespace(NS).delete();
        client.v1().events().inNamespace(NS).delete();
        client.admissionRegistration().v1().mutatingWebhookConfigurations().delete();
        client.admissionRegistration().v1().validatingWebhookConfigurations().delete();
        MockCluster.createWebhookConfigurations(client);
    }

    private CertificateReconciler reconciler(KubernetesClient c, String identity) {
        return new CertificateReconciler(settings, new CertificateSecrets(c, settings),
                new CaBundleInjector(c, settings.webhookConfigurations(), clock), RolloutProbe.OVERLAP_ONLY,
                new CertificateEvents(c, NS, settings.secretName(), identity, clock), clock, new SecureRandom());
    }

    private Secret serving() {
        return client.secrets().inNamespace(NS).withName(settings.secretName()).get();
    }

    private CertificateMaterial stored() {
        return CertificateSecrets.material(serving(),
                client.secrets().inNamespace(NS).withName(settings.caSecretName()).get());
    }

    @Test
    void bootstrapWritesBothSecretsAndEveryCaBundleAndAValidSecretIsNeverRegenerated() {
        CertificatePlan plan = reconciler(client, "a").reconcile();
        assertThat(plan).isInstanceOf(CertificatePlan.Keep.class);

        Secret tls = serving();
        assertThat(tls.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(tls.getData()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt");
        Secret ca = client.secrets().inNamespace(NS).withName(settings.caSecretName()).get();
        assertThat(ca.getData()).containsOnlyKeys("ca.crt", "ca.key");
        X509Certificate caCert = Pem.readCertificates(stored().caCrt(), "ca.crt").get(0);
        assertThat(MockCluster.bundles(client)).hasSize(4).allSatisfy(b -> assertThat(b).containsExactly(caCert));

        String version = tls.getMetadata().getResourceVersion();
        assertThat(reconciler(client, "b").reconcile()).isInstanceOf(CertificatePlan.Keep.class);
        assertThat(serving().getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    void fiveBootstrappersStartedAtOnceConvergeOnOneCertificate() throws Exception {
        int n = 5;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<CertificatePlan>> results = new ArrayList<>();
        List<KubernetesClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                KubernetesClient own = server.createClient();
                clients.add(own);
                CertificateReconciler r = reconciler(own, "replica-" + i);
                Callable<CertificatePlan> task = () -> {
                    start.await();
                    return r.reconcile();
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            for (Future<CertificatePlan> f : results) {
                assertThat(f.get()).isInstanceOf(CertificatePlan.Keep.class);
            }
        } finally {
            pool.shutdownNow();
            clients.forEach(KubernetesClient::close);
        }
        CertificateMaterial m = stored();
        X509Certificate leaf = Pem.readCertificates(m.tlsCrt(), "tls.crt").get(0);
        X509Certificate ca = Pem.readCertificates(m.caSigningCrt(), "ca").get(0);
        assertThat(ServingCertificateCheck.signedBy(leaf, ca)).isTrue();
        assertThat(Pem.readCertificates(m.caCrt(), "ca.crt")).containsExactly(ca);
        assertThat(MockCluster.bundles(client)).allSatisfy(b -> assertThat(b).containsExactly(ca));
        assertThat(client.secrets().inNamespace(NS).list().getItems()).hasSize(2);
    }

    @Test
    void garbageInTheSecretIsRepairedAndReportedWithAWarningEvent() {
        reconciler(client, "a").reconcile();
        CertificateMaterial before = stored();
        client.secrets().inNamespace(NS).resource(new SecretBuilder(serving())
                .withData(Map.of("tls.crt", "Z2FyYmFnZQ==", "tls.key", "Z2FyYmFnZQ==", "ca.crt", "")).build()).update();

        assertThat(reconciler(client, "a").reconcile()).isInstanceOf(CertificatePlan.Keep.class);
        CertificateMaterial after = stored();
        assertThat(after.caSigningCrt()).isEqualTo(before.caSigningCrt());
        assertThat(ServingCertificateCheck.check(after.tlsCrt(), after.tlsKey(),
                Pem.readCertificates(after.caCrt(), "ca.crt"), settings.dnsNames(), List.of(), clock.instant()))
                .isInstanceOf(ServingCertificateCheck.Valid.class);
        List<Event> events = client.v1().events().inNamespace(NS).list().getItems();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReason()).isEqualTo("IssueLeaf");
            assertThat(e.getMessage()).isEqualTo("tls.crt: holds no PEM certificate");
            assertThat(e.getInvolvedObject().getName()).isEqualTo(settings.secretName());
        });
    }

    @Test
    void aMissingWebhookConfigurationIsReportedAndTheOtherStillInjected() {
        client.admissionRegistration().v1().validatingWebhookConfigurations().withName(SVC).delete();
        reconciler(client, "a").reconcile();
        assertThat(client.v1().events().inNamespace(NS).list().getItems()).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("WebhookConfigurationMissing");
            assertThat(e.getMessage()).startsWith("ValidatingWebhookConfiguration/sparkgate does not exist");
        });
        assertThat(MockCluster.apiServerTrust(client)).hasSize(1);
    }

    @Test
    void aWipedCaBundleIsRestoredByTheNextPass() {
        CertificateReconciler r = reconciler(client, "a");
        r.reconcile();
        var wiped = MockCluster.mutating(client);
        wiped.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(null));
        client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(wiped).update();
        assertThat(MockCluster.apiServerTrust(client)).isEmpty();

        assertThat(r.inject().changed()).containsExactly(settings.webhookConfigurations().get(0));
        assertThat(MockCluster.bundles(client)).allSatisfy(b -> assertThat(b).hasSize(1));
    }
}
