package io.sparkgate.certs;

import static io.sparkgate.certs.MockCluster.NS;
import static io.sparkgate.certs.MockCluster.SVC;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several replicas run the in-process manager against the CRUD mock: one writes, all serve, damage is repaired. */
@EnableKubernetesMockClient(crud = true)
class CertificateManagerMockTest {
    static KubernetesMockServer server;
    static KubernetesClient client;

    private final CertificateSettings settings = CertificateSettings.defaults(NS, SVC)
            .withTimings(Duration.ofSeconds(2), Duration.ofMillis(500));
    private final List<CertificateManager> managers = new ArrayList<>();
    private final List<KubernetesClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        managers.forEach(CertificateManager::close);
        clients.forEach(KubernetesClient::close);
    }

    private CertificateManager replica(String name, ServingCertificateListener listener) {
        KubernetesClient own = server.createClient();
        clients.add(own);
        CertificateManager m = new CertificateManager(own, settings,
                ManagerOptions.of(ManagerOptions.Mode.MANAGED, name, "sparkgate-certificates")
                        .withElection(Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(300)),
                listener, RolloutProbe.OVERLAP_ONLY, new SimpleMeterRegistry(), Clock.systemUTC(), new SecureRandom());
        managers.add(m);
        return m;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void replicasElectOneWriterServeOneCertificateAndRepairWhatOthersBreak() throws Exception {
        MockCluster.createWebhookConfigurations(client);
        List<String> pushed = new CopyOnWriteArrayList<>();
        List<ReloadableKeyManager> servers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ReloadableKeyManager keys = new ReloadableKeyManager();
            servers.add(keys);
            replica("sparkgate-" + i, (cert, key) -> {
                pushed.add(cert);
                keys.onCertificate(cert, key); // throws on a key that does not match
            }).start();
        }
        await("every replica serves", Duration.ofSeconds(60), () -> servers.stream().allMatch(s -> s.leaf() != null));
        assertThat(managers.stream().filter(CertificateManager::isLeader)).hasSize(1);
        X509Certificate leaf = servers.get(0).leaf();
        assertThat(servers).allSatisfy(s -> assertThat(s.leaf()).isEqualTo(leaf));
        // The replicas may serve the Secret's pair a moment before the writer has injected the caBundle.
        await("the API server trusts the CA", Duration.ofSeconds(30),
                () -> !MockCluster.apiServerTrust(client).isEmpty());
        X509Certificate ca = MockCluster.apiServerTrust(client).get(0);
        assertThat(ServingCertificateCheck.signedBy(leaf, ca)).isTrue();

        // An ArgoCD sync wipes the validating caBundle: the watch restores it.
        // A writer racing the replicas retries on 409, as every client must.
        onConflictRetry(() -> {
            var validating = MockCluster.validating(client);
            validating.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(""));
            client.admissionRegistration().v1().validatingWebhookConfigurations().resource(validating).update();
        });
        long wiped = System.nanoTime();
        await("caBundle restored", Duration.ofSeconds(30),
                () -> MockCluster.bundles(client).stream().allMatch(b -> b.equals(List.of(ca))));
        System.out.printf("caBundle restored %d ms after it was wiped%n", (System.nanoTime() - wiped) / 1_000_000);

        // Someone writes garbage into the Secret: never served, repaired from the same CA.
        onConflictRetry(() -> {
            var secret = client.secrets().inNamespace(NS).withName(settings.secretName()).get();
            client.secrets().inNamespace(NS).resource(new SecretBuilder(secret).withData(Map.of(
                    "tls.crt", secret.getData().get("tls.crt"), "tls.key", "bm90IGEga2V5", "ca.crt",
                    secret.getData().get("ca.crt"))).build()).update();
        });
        await("Secret repaired", Duration.ofSeconds(30), () -> servers.stream()
                .allMatch(s -> s.leaf() != null && !s.leaf().equals(leaf)));
        assertThat(servers.get(1).leaf()).isEqualTo(servers.get(2).leaf());
        assertThat(ServingCertificateCheck.signedBy(servers.get(0).leaf(), ca)).isTrue();
        assertThat(pushed).hasSize(6).allSatisfy(p -> assertThat(p).doesNotContain("bm90"));

        // The writer goes away: another replica takes the Lease over.
        CertificateManager writer = managers.stream().filter(CertificateManager::isLeader).findFirst().orElseThrow();
        writer.close();
        await("a new writer", Duration.ofSeconds(30),
                () -> managers.stream().filter(m -> m != writer).anyMatch(CertificateManager::isLeader));
    }

    private static void onConflictRetry(Runnable write) {
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }
}
