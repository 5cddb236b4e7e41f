package io.sparkgate.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.launcher.spark.RunIds;
import io.sparkgate.testing.kubeflow.KubeflowFields;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The submission side of the kubeflow field table: for each case kubeflow admits, the launcher's
 * {@code spark.properties} and driver pod hold what the table says (a null value: absent).
 */
class KubeflowFieldSubmissionTest {
    private static final String SID = "0f6c7e2a-3d44-4b8e-9a0e-5c1d2b3a4f56";
    private final SubmissionBuilder builder = new SubmissionBuilder(LauncherSettings.inCluster(),
            Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC));

    static Stream<Arguments> cases() {
        return KubeflowFields.cases().stream()
                .filter(e -> e.getValue().refused() == null
                        && (!e.getValue().conf().isEmpty() || !e.getValue().driver().isEmpty()))
                .map(e -> Arguments.of(e.getKey().field(), e.getValue()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void theLauncherReadsTheFieldAsTheTableSays(String field, KubeflowFields.Case c) {
        SparkApplication app = Json.mapper().convertValue(c.app(), SparkApplication.class);
        SubmissionObjects objects = builder.build(app, SID, RunIds.appIdFor(SID));
        Map<String, String> props = objects.sparkProperties();
        c.conf().forEach((key, value) -> {
            if (value == null) {
                assertThat(props).as(field).doesNotContainKey(key);
            } else {
                assertThat(props).as(field).containsEntry(key, value);
            }
        });
        JsonNode pod = Json.mapper().valueToTree(objects.driverPod());
        c.driver().forEach((pointer, value) -> {
            if (value == null || value.isNull()) {
                assertThat(pod.at(pointer).isMissingNode() || pod.at(pointer).isNull()).as(field + " " + pointer
                        + " absent").isTrue();
            } else {
                assertThat(pod.at(pointer)).as(field + " " + pointer).isEqualTo(value);
            }
        });
    }
}
