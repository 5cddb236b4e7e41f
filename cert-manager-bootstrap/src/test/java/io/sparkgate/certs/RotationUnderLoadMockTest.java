package io.sparkgate.certs;

import static io.sparkgate.certs.MockCluster.NS;
import static io.sparkgate.certs.MockCluster.SVC;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A client calls the server at a steady rate, trusting only the caBundle the webhook configuration publishes at that
 * moment (re-read per request, like the API server) and verifying {@code <svc>.<ns>.svc}, while the manager rolls the CA
 * over and renews the leaf. Not one request may fail.
 */
@EnableKubernetesMockClient(crud = true)
class RotationUnderLoadMockTest {
    static KubernetesMockServer server;
    static KubernetesClient client;

    @Test
    void aForcedCaRolloverAndALeafRenewalFailNoRequest() throws Exception {
        MockCluster.createWebhookConfigurations(client);
        CertificateSettings settings = CertificateSettings.defaults(NS, SVC)
                .withTimings(Duration.ofSeconds(2), Duration.ofMillis(500));
        ReloadableKeyManager keys = new ReloadableKeyManager();
        HttpsServer https = TlsTestSupport.server(keys);
        int port = https.getAddress().getPort();
        client.discovery().v1().endpointSlices().inNamespace(NS).resource(new EndpointSliceBuilder()
                .withNewMetadata().withName(SVC + "-abc").addToLabels("kubernetes.io/service-name", SVC).endMetadata()
                .withAddressType("IPv4").addNewPort().withName("https").withProtocol("TCP").withPort(port).endPort()
                .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                .endEndpoint().build()).create();
        KubernetesClient own = server.createClient();
        SecureRandom random = new SecureRandom();
        CertificateManager manager = new CertificateManager(own, settings,
                ManagerOptions.of(ManagerOptions.Mode.MANAGED, "sparkgate-0", "sparkgate-certificates")
                        .withElection(Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(300)),
                keys, new EndpointRolloutProbe(own, settings, Duration.ofSeconds(2), random),
                new SimpleMeterRegistry(), Clock.systemUTC(), random);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        Thread load = new Thread(() -> {
            while (running.get()) {
                try {
                    TlsTestSupport.get(port, MockCluster.apiServerTrust(client), settings.apiServerHostname());
                    ok.incrementAndGet();
                } catch (Exception e) {
                    failures.add(e.toString());
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "steady-client");
        try {
            manager.start();
            CertificateManagerMockTest.await("first certificate served and published", Duration.ofSeconds(60),
                    () -> keys.leaf() != null && MockCluster.bundles(client).stream().allMatch(b -> b.size() == 1));
            X509Certificate oldCa = MockCluster.apiServerTrust(client).get(0);
            X509Certificate firstLeaf = keys.leaf();
            load.start();
            CertificateManagerMockTest.await("some traffic", Duration.ofSeconds(30), () -> ok.get() >= 10);

            long started = System.nanoTime();
            int beforeRollover = ok.get();
            manager.requestRotation(true);
            CertificateManagerMockTest.await("both CAs published", Duration.ofSeconds(30),
                    () -> MockCluster.apiServerTrust(client).size() == 2);
            CertificateManagerMockTest.await("rollover finished", Duration.ofSeconds(60), () -> {
                List<X509Certificate> trust = MockCluster.apiServerTrust(client);
                return trust.size() == 1 && !trust.get(0).equals(oldCa)
                        && ServingCertificateCheck.signedBy(keys.leaf(), trust.get(0));
            });
            long rollover = (System.nanoTime() - started) / 1_000_000;
            assertThat(ok.get() - beforeRollover).as("requests made during the rollover").isGreaterThanOrEqualTo(5);
            X509Certificate newCa = MockCluster.apiServerTrust(client).get(0);
            X509Certificate rolledLeaf = keys.leaf();
            assertThat(rolledLeaf).isNotEqualTo(firstLeaf);

            int before = ok.get();
            manager.requestRotation(false);
            CertificateManagerMockTest.await("leaf renewed", Duration.ofSeconds(30),
                    () -> !keys.leaf().equals(rolledLeaf));
            CertificateManagerMockTest.await("traffic after renewal", Duration.ofSeconds(30), () -> ok.get() >= before + 10);
            assertThat(ServingCertificateCheck.signedBy(keys.leaf(), newCa)).isTrue();
            assertThat(MockCluster.bundles(client)).allSatisfy(b -> assertThat(b).containsExactly(newCa));
            System.out.printf("CA rollover took %d ms; %d requests, %d failed%n", rollover, ok.get(), failures.size());
        } finally {
            running.set(false);
            load.join(10_000);
            manager.close();
            own.close();
            https.stop(0);
        }
        assertThat(failures).isEmpty();
        assertThat(ok.get()).isGreaterThan(20);
    }
}
