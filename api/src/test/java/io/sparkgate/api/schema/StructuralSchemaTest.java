package io.sparkgate.api.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Unknown fields found, suggested and pruned with the chart's own CRD schemas, as kube-apiserver does. */
class StructuralSchemaTest {
    private static final StructuralSchema APPS = StructuralSchema.of(StructuralSchema.SPARK_APPLICATIONS);

    private static JsonNode app(String spec) {
        return Json.read("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n"
                + "  name: pi\n  labels: {any: thing}\n  annotations: {also: fine}\nspec:\n" + spec, JsonNode.class);
    }

    @Test
    void aTypoIsNamedWithItsPathAndTheFieldItIsCloseTo() {
        List<StructuralSchema.UnknownField> unknown = APPS.unknownFields(app("  type: Scala\n"
                + "  executor: {instnces: 40, cores: 1}\n  driver: {Memory: 1g, podSecurityContex: {}}\n"
                + "  volumes: [{name: data, emptydir: {}}]\n  totallyNew: x\n"));
        assertThat(unknown).extracting(StructuralSchema.UnknownField::warning).containsExactly(
                "unknown field \"spec.executor.instnces\" (did you mean \"instances\"?)",
                "unknown field \"spec.driver.Memory\" (did you mean \"memory\"?)",
                "unknown field \"spec.driver.podSecurityContex\" (did you mean \"podSecurityContext\"?)",
                "unknown field \"spec.volumes[0].emptydir\" (did you mean \"emptyDir\"?)",
                "unknown field \"spec.totallyNew\"");
    }

    @Test
    void mapsPreservedObjectsAndTheApiServersOwnFieldsAreNotChecked() {
        assertThat(APPS.unknownFields(app("  type: Scala\n  sparkConf: {spark.anything: \"1\"}\n"
                + "  hadoopConf: {fs.s3a.whatever: x}\n  driver:\n    labels: {a: b}\n"
                + "    template: {metadata: {labels: {x: y}}, spec: {anyField: 1}}\n"
                + "  executor: {instances: 2, env: [{name: A, value: b}]}\n"))).isEmpty();
    }

    @Test
    void everyShippedExampleAndFixtureAppIsClean() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.list(Path.of("../examples")),
                Files.walk(Path.of("../launcher-core/src/test/resources")))) {
            List<Path> apps = files.filter(p -> p.toString().endsWith(".yaml")).toList();
            assertThat(apps).isNotEmpty();
            for (Path p : apps) {
                JsonNode n = Json.yaml().readTree(p.toFile());
                if (n != null && "SparkApplication".equals(n.path("kind").asText())) {
                    assertThat(APPS.unknownFields(n)).as(p.toString()).isEmpty();
                }
            }
        }
    }

    @Test
    void pruneRemovesWhatTheApiServerWouldDropAndKeepsTheRest() {
        ObjectNode app = (ObjectNode) app("  type: Scala\n  executor: {instnces: 40, cores: 1}\n");
        assertThat(StructuralSchema.of(StructuralSchema.SPARK_APPLICATIONS).prune(app))
                .extracting(StructuralSchema.UnknownField::path).containsExactly("spec.executor.instnces");
        assertThat(app.path("spec").path("executor").has("instnces")).isFalse();
        assertThat(app.path("spec").path("executor").path("cores").asInt()).isEqualTo(1);
        assertThat(app.path("metadata").path("labels").path("any").asText()).isEqualTo("thing");
    }

    @Test
    void policiesAndScheduledAppsHaveSchemasToo() {
        JsonNode policy = Json.read("apiVersion: sparkgate.io/v1alpha1\nkind: SparkPolicy\nmetadata: {name: p}\n"
                + "spec: {quota: {maxCpu: \"3\"}}\n", JsonNode.class);
        assertThat(StructuralSchema.of(StructuralSchema.SPARK_POLICIES).unknownFields(policy))
                .extracting(StructuralSchema.UnknownField::path).containsExactly("spec.quota.maxCpu");
        JsonNode scheduled = Json.read("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: ScheduledSparkApplication\n"
                + "metadata: {name: s}\nspec: {schedule: \"@daily\", template: {type: Scala, mainClas: X}}\n",
                JsonNode.class);
        assertThat(StructuralSchema.of(StructuralSchema.SCHEDULED_SPARK_APPLICATIONS).unknownFields(scheduled))
                .extracting(StructuralSchema.UnknownField::warning)
                .containsExactly("unknown field \"spec.template.mainClas\" (did you mean \"mainClass\"?)");
        assertThatThrownBy(() -> StructuralSchema.of("nope.yaml")).hasMessageContaining("no CRD nope.yaml");
    }
}
