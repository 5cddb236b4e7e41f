package io.sparkgate.mutators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkRole;
import io.sparkgate.testing.kubeflow.KubeflowFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The webhook side of the kubeflow field table: each case's app mutates Spark 4.1.1's real driver and executor
 * pods (with the harness's patch checks) into pods holding what the table says.
 */
class KubeflowFieldMutationTest {

    static Stream<Arguments> cases() {
        return KubeflowFields.cases().stream()
                .filter(e -> e.getValue().refused() == null && !e.getValue().mutated().isEmpty())
                .map(e -> Arguments.of(e.getKey().field(), e.getValue()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void theMutatedPodHoldsTheFieldAsTheTableSays(String field, KubeflowFields.Case c) {
        SparkApplication app = Json.mapper().convertValue(c.app(), SparkApplication.class);
        c.mutated().forEach((role, expected) -> {
            SparkRole r = SparkRole.valueOf(role.toUpperCase(java.util.Locale.ROOT));
            JsonNode pod = r == SparkRole.DRIVER ? Harness.driver() : Harness.executor();
            JsonNode patched = Harness.runAll(r, app, pod).patched();
            expected.forEach((pointer, value) -> {
                if (pointer.contains("/-/")) {
                    // any element of the list: kubeflow appends, so the position depends on what Spark set
                    String[] parts = pointer.split("/-/", 2);
                    List<JsonNode> found = new ArrayList<>();
                    patched.at(parts[0]).forEach(el -> found.add(el.at("/" + parts[1])));
                    assertThat(found).as(field + " " + role + " " + pointer).contains(value);
                } else if (value == null || value.isNull()) {
                    assertThat(patched.at(pointer).isMissingNode()).as(field + " " + role + " " + pointer + " absent")
                            .isTrue();
                } else {
                    assertThat(Harness.normal(patched.at(pointer))).as(field + " " + role + " " + pointer)
                            .isEqualTo(Harness.normal(value));
                }
            });
        });
    }
}
