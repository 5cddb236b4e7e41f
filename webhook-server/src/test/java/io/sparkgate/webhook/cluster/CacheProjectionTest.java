package io.sparkgate.webhook.cluster;

import io.sparkgate.informers.EmptyCollections;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationStatus;
import io.sparkgate.policy.quota.PodResources;
import io.sparkgate.policy.quota.Resources;
import io.sparkgate.policy.quota.SparkPodTotals;
import io.sparkgate.policy.quota.SparkPodIndex;
import io.sparkgate.testing.SparkFixtures;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The caches keep what decisions read and drop the rest (issue 20). */
class CacheProjectionTest {

    @Test
    void aPodKeepsItsIdentityLabelsResourcesAndPhaseOnly() throws Exception {
        Pod driver = SparkFixtures.driverPod("java-sparkpi");
        driver.getMetadata().setResourceVersion("42");
        driver.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").build());

        Pod kept = CacheProjection.pod(driver);

        assertThat(kept.getMetadata().getName()).isEqualTo(driver.getMetadata().getName());
        assertThat(kept.getMetadata().getNamespace()).isEqualTo(driver.getMetadata().getNamespace());
        assertThat(kept.getMetadata().getResourceVersion()).isEqualTo("42");
        assertThat(kept.getMetadata().getLabels()).isEqualTo(driver.getMetadata().getLabels());
        assertThat(kept.getStatus().getPhase()).isEqualTo("Running");
        assertThat(PodResources.of(kept)).isEqualTo(PodResources.of(driver));
        assertThat(kept.getSpec().getContainers()).allSatisfy(c -> {
            assertThat(c.getEnv()).isEmpty();
            assertThat(c.getArgs()).isEmpty();
            assertThat(c.getImage()).isNull();
        });
        assertThat(kept.getSpec().getVolumes()).isEmpty();
        assertThat(Json.mapper().writeValueAsBytes(kept).length)
                .isLessThan(Json.mapper().writeValueAsBytes(driver).length / 3);
    }

    @Test
    void thePodStoreKeepsTheProjectionAndTheIndexCountsTheFullPod() {
        SparkPodIndex index = new SparkPodIndex();
        PodIndexingStore store = new PodIndexingStore(index);
        Pod driver = SparkFixtures.driverPod("java-sparkpi");
        driver.getMetadata().setNamespace("spark-jobs"); // Spark names the namespace in the request path only
        String key = store.getKey(driver);

        store.put(key, driver);

        assertThat(store.get(key).getSpec().getContainers().get(0).getEnv()).isEmpty();
        Resources counted = index.read(driver.getMetadata().getNamespace(), SparkPodTotals::live);
        assertThat(counted).isEqualTo(PodResources.ofStored(driver));
        store.remove(key);
        boolean stillThere = index.read(driver.getMetadata().getNamespace(),
                t -> t.hasPod(driver.getMetadata().getName()));
        assertThat(stillThere).isFalse();
    }

    @Test
    void anAppLosesManagedFieldsLastAppliedAndExecutorHistoryButKeepsSpecAndState() throws Exception {
        SparkApplication app = Json.yaml().readValue(Path.of("..", "examples", "spark-pi.yaml").toFile(),
                SparkApplication.class);
        String spec = Json.mapper().writeValueAsString(app.getSpec());
        Map<String, String> annotations = new HashMap<>(Map.of("team", "a"));
        annotations.put(CacheProjection.LAST_APPLIED, Json.mapper().writeValueAsString(app));
        app.getMetadata().setAnnotations(annotations);
        app.getMetadata().setManagedFields(List.of(new ManagedFieldsEntryBuilder().withManager("kubectl").build()));
        SparkApplicationStatus status = Json.read("""
                {"applicationState":{"state":"RUNNING"},"submissionID":"s-1","submissionAttempts":1,
                 "driverInfo":{"podName":"spark-pi-driver","webUIAddress":"10.0.0.1:4040"},
                 "executorState":{"spark-pi-exec-1":"RUNNING"}}""", SparkApplicationStatus.class);
        app.setStatus(status);

        SparkApplication kept = CacheProjection.app(app);

        assertThat(kept.getMetadata().getManagedFields()).isNull();
        assertThat(kept.getMetadata().getAnnotations()).containsExactly(Map.entry("team", "a"));
        assertThat(kept.getStatus().state()).isEqualTo(io.sparkgate.api.v1beta2.ApplicationStateType.RUNNING);
        assertThat(kept.getStatus().getSubmissionID()).isNull();
        assertThat(kept.getStatus().getSubmissionAttempts()).isZero();
        assertThat(kept.getStatus().getDriverInfo().webUIAddress()).isNull();
        assertThat(kept.getStatus().getExecutorState()).isEmpty();
        assertThat(Json.mapper().writeValueAsString(kept.getSpec())).isEqualTo(spec);
    }

    @Test
    void emptyCollectionsAreSharedAndTheObjectReadsTheSame() throws Exception {
        SparkApplication app = Json.yaml().readValue(Path.of("..", "examples", "etl-daily.yaml").toFile(),
                SparkApplication.class);
        String before = Json.mapper().writeValueAsString(app);

        EmptyCollections.shareEmpties(app);

        assertThat(Json.mapper().writeValueAsString(app)).isEqualTo(before);
        assertThat(app.getMetadata().getFinalizers()).isSameAs(List.of());
        assertThat(app.getMetadata().getAdditionalProperties()).isSameAs(Map.of());
        Pod kept = CacheProjection.pod(SparkFixtures.driverPod("java-sparkpi"));
        assertThat(kept.getSpec().getTolerations()).isSameAs(List.of());
        assertThat(kept.getSpec().getContainers().get(0).getEnv()).isSameAs(List.of());
        assertThat(kept.getSpec().getContainers()).as("a non-empty list is kept").isNotEmpty();
    }
}
