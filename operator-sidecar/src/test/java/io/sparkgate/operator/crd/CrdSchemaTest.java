package io.sparkgate.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.Json;
import io.sparkgate.operator.KubeflowExamplesTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed chart CRDs are what the model generates, and kubeflow's documented YAML validates against them. */
class CrdSchemaTest {
    private static final Path REPO = Path.of("..");
    private static final Map<String, String> GENERATED = CrdGenerator.generate();

    @Test
    void committedCrdsAreCurrent() throws IOException {
        for (Map.Entry<String, String> crd : GENERATED.entrySet()) {
            Path file = REPO.resolve(crd.getKey());
            if (Boolean.getBoolean("sparkgate.crd.update")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, crd.getValue());
            }
            assertThat(file).as("%s is stale: regenerate with -Dsparkgate.crd.update=true", crd.getKey()).exists();
            assertThat(Files.readString(file)).as("%s is stale: regenerate with -Dsparkgate.crd.update=true",
                    crd.getKey()).isEqualTo(crd.getValue());
        }
    }

    @Test
    void crdsAreKubeflowShaped() {
        JsonNode app = crd(CrdGenerator.SPARK_APPLICATIONS);
        assertThat(app.at("/spec/names/shortNames/0").asText()).isEqualTo("sparkapp");
        assertThat(app.at("/spec/scope").asText()).isEqualTo("Namespaced");
        JsonNode version = app.at("/spec/versions/0");
        assertThat(version.at("/name").asText()).isEqualTo("v1beta2");
        assertThat(version.at("/subresources/status").isObject()).isTrue();
        assertThat(version.at("/additionalPrinterColumns").findValuesAsText("jsonPath"))
                .contains(".status.applicationState.state", ".status.executionAttempts", ".status.terminationTime");
        JsonNode spec = version.at("/schema/openAPIV3Schema/properties/spec");
        assertThat(spec.at("/properties/driver/properties/template/x-kubernetes-preserve-unknown-fields").asBoolean())
                .isTrue();
        assertThat(spec.at("/properties/executor/properties/template/properties").isMissingNode()).isTrue();
        for (String field : List.of("type", "sparkVersion", "mode", "image", "mainClass", "mainApplicationFile",
                "arguments", "sparkConf", "hadoopConf", "sparkConfigMap", "hadoopConfigMap", "volumes", "driver",
                "executor", "deps", "restartPolicy", "nodeSelector", "failureRetries", "retryInterval",
                "pythonVersion", "memoryOverheadFactor", "monitoring", "batchScheduler", "timeToLiveSeconds",
                "batchSchedulerOptions", "sparkUIOptions", "driverIngressOptions", "dynamicAllocation", "suspend",
                "proxyUser", "imagePullPolicy", "imagePullSecrets")) {
            assertThat(spec.at("/properties/" + field).isObject()).as(field).isTrue();
        }
        JsonNode status = version.at("/schema/openAPIV3Schema/properties/status/properties");
        for (String field : List.of("sparkApplicationId", "submissionID", "lastSubmissionAttemptTime",
                "terminationTime", "driverInfo", "applicationState", "executorState", "executionAttempts",
                "submissionAttempts")) {
            assertThat(status.has(field)).as(field).isTrue();
        }
        JsonNode scheduled = crd(CrdGenerator.SCHEDULED);
        assertThat(scheduled.at("/spec/names/shortNames/0").asText()).isEqualTo("scheduledsparkapp");
        assertThat(scheduled.at("/spec/versions/0/subresources/status").isObject()).isTrue();
    }

    @Test
    void kubeflowExamplesAndOursValidate() throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of(getClass().getResource("/kubeflow-examples").toURI()))) {
            s.filter(p -> p.toString().endsWith(".yaml")).forEach(files::add);
        }
        try (Stream<Path> s = Files.list(REPO.resolve("examples"))) {
            s.filter(p -> p.toString().endsWith(".yaml")).forEach(files::add);
        }
        try (Stream<Path> s = Files.walk(REPO.resolve("examples/kubeflow"))) {
            s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        int checked = 0;
        for (Path file : files) {
            // kubeflow's own files may set only the fields no v1beta2 type declares, which the API server prunes.
            List<String> expected = file.getParent().endsWith(Path.of("examples", "kubeflow"))
                    ? KubeflowExamplesTest.UNDECLARED.getOrDefault(file.getFileName().toString(), List.of()).stream()
                            .map(f -> "." + f + ": unknown field").toList()
                    : List.of();
            for (JsonNode doc : documents(file)) {
                String kind = doc.path("kind").asText();
                String crd = switch (kind) {
                    case "SparkApplication" -> CrdGenerator.SPARK_APPLICATIONS;
                    case "ScheduledSparkApplication" -> CrdGenerator.SCHEDULED;
                    default -> null;
                };
                if (crd != null) {
                    assertThat(StructuralSchemaCheck.check(doc, schema(crd))).as(file.toString())
                            .containsExactlyInAnyOrderElementsOf(expected);
                    checked++;
                }
            }
        }
        // 6 in the test resources, 2 in examples/, 23 in examples/kubeflow.
        assertThat(checked).isEqualTo(31);
    }

    @Test
    void badDocumentsAreReportedWithTheirPath() throws IOException {
        ObjectNode doc = (ObjectNode) Json.yaml().readTree("""
                apiVersion: sparkoperator.k8s.io/v1beta2
                kind: SparkApplication
                metadata: {name: bad}
                spec:
                  type: Kotlin
                  sparkVersion: 4.1.1
                  mainApplicationFile: local:///app.jar
                  driver: {cores: "one", memroy: 512m}
                  executor: {instances: 2}
                  restartPolicy: {type: Sometimes}
                """);
        assertThat(StructuralSchemaCheck.check(doc, schema(CrdGenerator.SPARK_APPLICATIONS))).containsExactlyInAnyOrder(
                ".spec.type: unsupported value \"Kotlin\", expected one of [\"Java\",\"Python\",\"R\",\"Scala\"]",
                ".spec.driver.cores: must be an integer",
                ".spec.driver.memroy: unknown field",
                ".spec.restartPolicy.type: unsupported value \"Sometimes\", expected one of "
                        + "[\"Always\",\"Never\",\"OnFailure\"]");
        doc.with("spec").remove("driver");
        assertThat(StructuralSchemaCheck.check(doc, schema(CrdGenerator.SPARK_APPLICATIONS)))
                .contains(".spec.driver: required");
    }

    private static JsonNode crd(String path) {
        try {
            return Json.yaml().readTree(GENERATED.get(path));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode schema(String path) {
        return crd(path).at("/spec/versions/0/schema/openAPIV3Schema");
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        try (var parser = Json.yaml().getFactory().createParser(file.toFile())) {
            return Json.yaml().readValues(parser, JsonNode.class).readAll();
        }
    }
}
