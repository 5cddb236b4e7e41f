package io.sparkgate.mutators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkRole;
import io.sparkgate.testing.KubeflowFields;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The webhook side of the kubeflow field table (test-fixtures' {@code kubeflow/fields.yaml}): for each accepted
 * value with pod expectations, the whole mutator chain on Spark 4.1.1's real driver and executor pods sets them
 * (the patch applied with json-patch, idempotent; see {@link Harness#run}).
 */
class KubeflowFieldsPodTest {

    static Stream<Arguments> podValues() {
        return KubeflowFields.rows().stream().flatMap(r -> r.accepts().stream()
                .filter(a -> !a.driverPod().isEmpty() || !a.executorPod().isEmpty())
                .map(a -> Arguments.of(r.field() + " " + a.app().path("spec"), a)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("podValues")
    void theWebhookSetsWhatTheTableSays(String name, KubeflowFields.Accepted value) {
        SparkApplication app = Json.read(value.app().toString(), SparkApplication.class);
        check(app, SparkRole.DRIVER, Harness.driver(), value.driverPod());
        check(app, SparkRole.EXECUTOR, Harness.executor(), value.executorPod());
    }

    private static void check(SparkApplication app, SparkRole role, JsonNode pod, Map<String, String> expected) {
        if (expected.isEmpty()) {
            return;
        }
        JsonNode patched = Harness.runAll(role, app, pod).patched();
        expected.forEach((pointer, v) -> assertThat(patched.at(pointer).asText()).as(role + " " + pointer)
                .isEqualTo(v));
    }
}
