package io.sparkgate.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkgate.api.v1beta2.ApplicationState;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Status goes through the status subresource; conflicts are retried only when our basis still holds. */
class StatusWriterMockTest {
    private final MockCluster cluster = new MockCluster();
    private final StatusWriter writer = new StatusWriter(cluster.client);

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    /** The CRUD mock does not check resourceVersion on the status subresource: answer the next PUT with 409. */
    private void conflictOnce() {
        cluster.server.expect().put().withPath("/apis/sparkoperator.k8s.io/v1beta2/namespaces/default/"
                + "sparkapplications/pi/status").andReturn(409, new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withCode(409).withReason("Conflict").withMessage("the object has been modified").build()).once();
    }

    private static SparkApplicationStatus state(ApplicationStateType t) {
        SparkApplicationStatus s = new SparkApplicationStatus();
        s.setApplicationState(ApplicationState.of(t));
        return s;
    }

    @Test
    void aConflictFromAMetadataChangeIsRetriedOnTheLatestVersion() {
        SparkApplication stale = cluster.create("default", Apps.sparkPi("pi"));
        SparkApplication edited = cluster.get("default", "pi");
        edited.getMetadata().setLabels(java.util.Map.of("team", "a"));
        cluster.client.resources(SparkApplication.class).inNamespace("default").resource(edited).update();
        conflictOnce();

        SparkApplication stored = writer.write(stale, state(ApplicationStateType.SUBMITTED));
        assertThat(stored.getStatus().state()).isEqualTo(ApplicationStateType.SUBMITTED);
        SparkApplication now = cluster.get("default", "pi");
        assertThat(now.getStatus().state()).isEqualTo(ApplicationStateType.SUBMITTED);
        assertThat(now.getMetadata().getLabels()).containsEntry("team", "a");
    }

    @Test
    void aConflictFromAStatusChangeIsReportedNotOverwritten() {
        SparkApplication stale = cluster.create("default", Apps.sparkPi("pi"));
        writer.write(cluster.get("default", "pi"), state(ApplicationStateType.RUNNING));
        conflictOnce();
        assertThatThrownBy(() -> writer.write(stale, state(ApplicationStateType.SUBMITTED)))
                .isInstanceOf(StatusWriter.StatusConflict.class);
        assertThat(cluster.state("default", "pi")).isEqualTo(ApplicationStateType.RUNNING);
    }

    @Test
    void aDeletedAppIsNotRecreated() {
        SparkApplication app = cluster.create("default", Apps.sparkPi("pi"));
        cluster.client.resources(SparkApplication.class).inNamespace("default").withName("pi").delete();
        MockCluster.sleep(100);
        assertThat(writer.write(app, state(ApplicationStateType.SUBMITTED))).isNull();
        assertThat(cluster.get("default", "pi")).isNull();
    }
}
