package io.sparkgate.testing.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * fabric8 informers live through the emulation's outages as through kube-apiserver's: a wiped API server makes them
 * list again and drop what is gone, a restored one loses and duplicates nothing, a hung one times requests out,
 * and bookmarks move an idle watch's resourceVersion on.
 */
class ApiEmulationRestartMockTest {
    private ApiEmulation api;
    private KubernetesClient client;
    private SharedIndexInformer<ConfigMap> informer;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        api = ApiEmulation.builder().bookmarkInterval(Duration.ofMillis(200)).start();
        // Retries as fabric8's defaults do: a restart closes connections the client may be about to reuse.
        client = api.newClient(c -> c.withWatchReconnectInterval(50).withWatchReconnectLimit(-1)
                .withRequestTimeout(1_000).withRequestRetryBackoffLimit(3).withRequestRetryBackoffInterval(50));
    }

    @AfterEach
    void stop() {
        if (informer != null) {
            informer.close();
        }
        api.close();
    }

    @Test
    void aWipedApiServerMakesTheInformerListAgainAndForgetWhatIsGone() throws Exception {
        create("a");
        create("b");
        inform();
        assertThat(List.of(poll(), poll())).containsExactlyInAnyOrder("add a", "add b");

        api.startEmpty();
        create("c");

        assertThat(List.of(poll(), poll(), poll())).containsExactlyInAnyOrder("delete a", "delete b", "add c");
        assertThat(names()).containsExactly("c");
    }

    @Test
    void anApiServerRestoredFromASnapshotLosesAndDuplicatesNothing() throws Exception {
        create("a");
        inform();
        assertThat(poll()).isEqualTo("add a");
        IndexedStore.Snapshot backup = api.snapshot();

        api.startFrom(backup, ApiEmulation.Revisions.CONTINUE);
        create("b");

        assertThat(poll()).isEqualTo("add b");
        assertThat(events.poll(500, TimeUnit.MILLISECONDS)).as("no event for an object that did not change").isNull();
        assertThat(names()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aRestoreToAnOlderRevisionBringsTheInformerBackToIt() throws Exception {
        create("a");
        IndexedStore.Snapshot backup = api.snapshot();
        inform();
        assertThat(poll()).isEqualTo("add a");
        create("written-after-the-backup");
        assertThat(poll()).isEqualTo("add written-after-the-backup");

        api.startFrom(backup, ApiEmulation.Revisions.CONTINUE);

        assertThat(poll()).isEqualTo("delete written-after-the-backup");
        assertThat(names()).containsExactly("a");
    }

    @Test
    void aHungApiServerTimesRequestsOutAndAnswersOnceResumed() {
        create("a");

        api.hang();
        assertThatThrownBy(() -> client.configMaps().inNamespace("team-a").withName("a").get())
                .isInstanceOf(KubernetesClientException.class);
        api.resume();

        assertThat(client.configMaps().inNamespace("team-a").withName("a").get()).isNotNull();
    }

    @Test
    void bookmarksMoveAnIdleWatchOnToTheCurrentRevision() throws Exception {
        create("a");
        inform();
        assertThat(poll()).isEqualTo("add a");
        String listed = informer.lastSyncResourceVersion();

        client.pods().inNamespace("team-a").resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName("p").endMetadata().withNewSpec().addNewContainer().withName("c")
                .withImage("spark:4.1.1").endContainer().endSpec().build()).create();
        String current = Long.toString(api.revision());

        await(() -> current.equals(informer.lastSyncResourceVersion()));
        assertThat(listed).isNotEqualTo(current);
    }

    private void create(String name) {
        client.configMaps().inNamespace("team-a").resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .endMetadata().addToData("k", name).build()).create();
    }

    private void inform() {
        informer = client.configMaps().inNamespace("team-a").inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap cm) {
                events.add("add " + cm.getMetadata().getName());
            }

            @Override
            public void onUpdate(ConfigMap old, ConfigMap cm) {
                if (!old.getMetadata().getResourceVersion().equals(cm.getMetadata().getResourceVersion())) {
                    events.add("update " + cm.getMetadata().getName());
                }
            }

            @Override
            public void onDelete(ConfigMap cm, boolean unknown) {
                events.add("delete " + cm.getMetadata().getName());
            }
        });
    }

    private List<String> names() {
        return informer.getStore().list().stream().map(c -> c.getMetadata().getName()).toList();
    }

    private String poll() throws InterruptedException {
        return events.poll(10, TimeUnit.SECONDS);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
