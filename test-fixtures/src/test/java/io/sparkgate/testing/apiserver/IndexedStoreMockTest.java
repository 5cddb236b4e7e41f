package io.sparkgate.testing.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.testing.CustomResources;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** fabric8's client and informers work against the store behind fabric8's mock HTTP server, as the benchmarks use it. */
class IndexedStoreMockTest {
    private final IndexedStore store = new IndexedStore();
    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), store, false);
        server.init();
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    private static Pod pod(String name, String role) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels("spark-role", role).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("spark:4.1.1").endContainer().endSpec()
                .build();
    }

    @Test
    void anInformerListsThenWatchesWithItsLabelSelector() throws Exception {
        client.pods().inNamespace("team-a").resource(pod("d1", "driver")).create();
        client.pods().inNamespace("team-a").resource(pod("e1", "executor")).create();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace().withLabel("spark-role", "driver")
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        events.add("add " + pod.getMetadata().getName());
                    }

                    @Override
                    public void onUpdate(Pod old, Pod pod) {
                        events.add("update " + pod.getMetadata().getName() + " " + pod.getStatus().getPhase());
                    }

                    @Override
                    public void onDelete(Pod pod, boolean unknownFinalState) {
                        events.add("delete " + pod.getMetadata().getName());
                    }
                })) {
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("add d1");

            client.pods().inNamespace("team-b").resource(pod("d2", "driver")).create();
            Pod d1 = client.pods().inNamespace("team-a").withName("d1").get();
            d1.setStatus(new PodStatusBuilder().withPhase("Running").build());
            client.pods().inNamespace("team-a").resource(d1).updateStatus();
            client.pods().inNamespace("team-a").withName("d1").delete();

            assertThat(List.of(poll(events), poll(events), poll(events)))
                    .containsExactly("add d2", "update d1 Running", "delete d1");
            assertThat(informer.getStore().list()).extracting(p -> p.getMetadata().getName()).containsExactly("d2");
        }
    }

    @Test
    void clientsSeeConflictsAsKubernetesClientExceptions() {
        Pod created = client.pods().inNamespace("team-a").resource(pod("d1", "driver")).create();
        client.pods().inNamespace("team-a").resource(new PodBuilder(created).editMetadata().addToLabels("x", "1")
                .endMetadata().build()).update();

        assertThatThrownBy(() -> client.pods().inNamespace("team-a").resource(created).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThatThrownBy(() -> client.pods().inNamespace("team-a").resource(pod("d1", "driver")).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(client.pods().inNamespace("team-a").withName("gone").get()).isNull();
    }

    @Test
    void customResourcesRoundTripOnceTheirCrdIsStored() {
        CustomResources.register(client);
        SparkApplication app = new SparkApplication();
        app.getMetadata().setName("etl");
        var apps = client.resources(SparkApplication.class).inNamespace("team-a");

        apps.resource(app).create();

        assertThat(apps.withName("etl").get().getMetadata().getGeneration()).isEqualTo(1);
        assertThat(client.genericKubernetesResources("sparkoperator.k8s.io/v1beta2", "SparkApplication")
                .inNamespace("team-a").list().getItems()).hasSize(1);
    }

    private static String poll(BlockingQueue<String> events) throws InterruptedException {
        return events.poll(10, TimeUnit.SECONDS);
    }
}
