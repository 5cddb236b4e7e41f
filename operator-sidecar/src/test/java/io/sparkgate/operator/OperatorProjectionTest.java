package io.sparkgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.testing.SparkFixtures;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's caches keep what it reads of pods and apps, and decide the same on what they keep (issue 20). */
class OperatorProjectionTest {

    @Test
    void aDriverPodKeepsWhatTheStateMachineReadsAndDecidesTheSame() throws Exception {
        for (String phase : List.of("Running", "Failed", "Succeeded")) {
            Pod driver = SparkFixtures.driverPod(SparkFixtures.JAVA_SPARK_PI);
            driver.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withKind("SparkApplication")
                    .withName("spark-pi").withUid("u-1").build()));
            driver.setStatus(new PodStatusBuilder().withPhase(phase).withReason("Evicted").withMessage("low memory")
                    .withContainerStatuses(new ContainerStatusBuilder().withName(PodStates.DRIVER_CONTAINER)
                            .withImage("spark:4.1.1").withNewState().withNewTerminated().withExitCode(1)
                            .withReason("Error").endTerminated().endState().build()).build());

            Pod kept = OperatorProjection.pod(driver);

            assertThat(Json.write(PodStates.ofDriver(kept))).isEqualTo(Json.write(PodStates.ofDriver(driver)));
            assertThat(PodStates.ofExecutor(kept)).isEqualTo(PodStates.ofExecutor(driver));
            assertThat(kept.getMetadata().getLabels()).isEqualTo(driver.getMetadata().getLabels());
            assertThat(kept.getMetadata().getOwnerReferences()).isEqualTo(driver.getMetadata().getOwnerReferences());
            assertThat(kept.getSpec()).isNull();
            assertThat(Json.write(kept).length()).isLessThan(Json.write(driver).length() / 3);
        }
    }

    @Test
    void anAppKeepsSpecAndStatusButNotManagedFieldsOrItsLastAppliedCopy() throws Exception {
        SparkApplication app = Json.read(Apps.sparkPi("etl"), SparkApplication.class);
        app.setStatus(Json.read("""
                {"applicationState":{"state":"RUNNING"},"submissionID":"s-1",
                 "executorState":{"etl-exec-1":"RUNNING"}}""", io.sparkgate.api.v1beta2.SparkApplicationStatus.class));
        Map<String, String> annotations = new HashMap<>(Map.of("team", "a"));
        annotations.put("kubectl.kubernetes.io/last-applied-configuration", Json.write(app));
        app.getMetadata().setAnnotations(annotations);
        String spec = Json.write(app.getSpec());
        String status = Json.write(app.getStatus());

        SparkApplication kept = OperatorProjection.app(app);

        assertThat(kept.getMetadata().getAnnotations()).containsExactly(Map.entry("team", "a"));
        assertThat(Json.write(kept.getSpec())).isEqualTo(spec);
        assertThat(Json.write(kept.getStatus())).isEqualTo(status);
    }
}
