package io.sparkgate.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.launcher.spark.RunIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The submitter against fabric8's CRUD mock: order, owner references, idempotency, retries, rollback. */
@EnableKubernetesMockClient(crud = true)
class SubmitterMockTest {
    static final String SID = SubmissionBuilderTest.SID;
    KubernetesMockServer server;
    KubernetesClient client;
    final List<Duration> sleeps = new ArrayList<>();
    Submitter submitter;
    SubmissionObjects objects;

    @BeforeEach
    void setUp() {
        // The submitter retries itself: the client's own retries would hide 429/5xx from it.
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0).build()).build();
        submitter = new Submitter(client, RetryPolicy.defaults(), sleeps::add);
        objects = new SubmissionBuilder(LauncherSettings.inCluster(), SubmissionBuilderTest.CLOCK)
                .build(SubmissionBuilderTest.app(SubmissionBuilderTest.yaml("spark-pi.yaml")), SID,
                        RunIds.appIdFor(SID));
    }

    @Test
    void createsPodThenOwnedServiceAndConfigMap() {
        SubmissionResult r = submitter.submit(objects);
        assertThat(r).isEqualTo(new SubmissionResult.Submitted("spark-pi-driver", objects.appId(), SID));
        var pod = client.pods().inNamespace("default").withName("spark-pi-driver").get();
        assertThat(pod.getMetadata().getOwnerReferences()).isEmpty();
        Service svc = client.services().inNamespace("default").withName(objects.serviceName()).get();
        ConfigMap cm = client.configMaps().inNamespace("default").withName(objects.configMapName()).get();
        for (var owned : List.of(svc, cm)) {
            assertThat(owned.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
                assertThat(ref.getUid()).isEqualTo(pod.getMetadata().getUid());
                assertThat(ref.getKind()).isEqualTo("Pod");
                assertThat(ref.getController()).isTrue();
            });
        }
        assertThat(cm.getData()).containsKey("spark.properties");
    }

    @Test
    void retriedSubmissionAdoptsItsDriverAndCreatesNoSecond() {
        // An earlier attempt created the driver pod and died before its Service and ConfigMap.
        client.pods().inNamespace("default").resource(objects.driverPod()).create();
        SubmissionResult again = submitter.submit(objects);
        assertThat(again).isEqualTo(new SubmissionResult.Adopted("spark-pi-driver", objects.appId(), SID));
        assertThat(client.pods().inNamespace("default").list().getItems()).hasSize(1);
        assertThat(client.configMaps().inNamespace("default").withName(objects.configMapName()).get()).isNotNull();
    }

    @Test
    void foreignDriverWithTheSameNameFailsClearlyAndLeavesItAlone() {
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("spark-pi-driver")
                .addToLabels(SparkLabels.SUBMISSION_ID, "older").endMetadata().build()).create();
        SubmissionResult r = submitter.submit(objects);
        assertThat(r).isInstanceOfSatisfying(SubmissionResult.Failed.class, f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.reason()).contains("default/spark-pi-driver").contains("submission older");
        });
        assertThat(client.pods().inNamespace("default").withName("spark-pi-driver").get().getMetadata().getLabels())
                .containsEntry(SparkLabels.SUBMISSION_ID, "older");
        assertThat(client.services().inNamespace("default").list().getItems()).isEmpty();
    }

    @Test
    void throttledAndFailingCallsAreRetriedWithBackoff() {
        server.expect().post().withPath("/api/v1/namespaces/default/pods").andReturn(429, status(429)).once();
        server.expect().post().withPath("/api/v1/namespaces/default/services").andReturn(503, status(503)).times(2);
        assertThat(submitter.submit(objects)).isInstanceOf(SubmissionResult.Submitted.class);
        assertThat(sleeps).containsExactly(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(client.services().inNamespace("default").list().getItems()).hasSize(1);
    }

    @Test
    void failureAfterThePodRemovesEverythingThisAttemptCreated() {
        server.expect().post().withPath("/api/v1/namespaces/default/configmaps").andReturn(403, status(403)).once();
        SubmissionResult r = submitter.submit(objects);
        assertThat(r).isInstanceOfSatisfying(SubmissionResult.Failed.class, f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.reason()).contains("ConfigMap default/" + objects.configMapName()).contains("HTTP 403");
        });
        assertThat(client.pods().inNamespace("default").list().getItems()).isEmpty();
        assertThat(client.services().inNamespace("default").list().getItems()).isEmpty();
    }

    @Test
    void exhaustedRetriesReportARetryableFailure() {
        server.expect().post().withPath("/api/v1/namespaces/default/pods").andReturn(500, status(500)).always();
        SubmissionResult r = submitter.submit(objects);
        assertThat(r).isInstanceOfSatisfying(SubmissionResult.Failed.class, f -> {
            assertThat(f.retryable()).isTrue();
            assertThat(f.reason()).contains("creating driver pod default/spark-pi-driver").contains("HTTP 500");
        });
        assertThat(sleeps).hasSize(RetryPolicy.defaults().maxAttempts() - 1);
    }

    private static io.fabric8.kubernetes.api.model.Status status(int code) {
        return new StatusBuilder().withCode(code).withMessage("injected " + code).build();
    }
}
