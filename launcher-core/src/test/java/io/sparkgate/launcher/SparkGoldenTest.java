package io.sparkgate.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.launcher.spark.PropertiesText;
import io.sparkgate.launcher.spark.SparkDriverBuilder;
import io.sparkgate.launcher.spark.SparkSubmitArgs;
import io.sparkgate.launcher.spark.SparkSubmission;
import io.sparkgate.launcher.spark.SparkVersion;
import io.sparkgate.testing.SparkFixtures;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The launcher's objects equal real Spark 4.1.1's for the same spark-submit inputs, field by field, once Spark's
 * random parts (app id, name ids, local-dir UUID, submit time) are fed to the launcher. Covers the shared fixtures
 * and every set generated under {@code src/test/resources/golden/generated}.
 */
class SparkGoldenTest {

    record Case(String name, Path sparkObjects, Path args) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() throws IOException, URISyntaxException {
        List<Case> cases = new ArrayList<>();
        Path shared = Path.of(SparkGoldenTest.class.getResource("/golden/shared").toURI());
        for (String set : List.of(SparkFixtures.JAVA_SPARK_PI, SparkFixtures.PYTHON_RICH)) {
            cases.add(new Case(set, SparkFixtures.root().resolve(set), shared.resolve(set + ".args")));
        }
        var generated = SparkGoldenTest.class.getResource("/golden/generated");
        if (generated != null) {
            try (Stream<Path> dirs = Files.list(Path.of(generated.toURI()))) {
                dirs.filter(Files::isDirectory).sorted().forEach(d ->
                        cases.add(new Case("generated/" + d.getFileName(), d, d.resolve("spark-submit.args"))));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void launcherObjectsEqualSparks(Case c) {
        GoldenSet spark = GoldenSet.load(c.sparkObjects());
        SparkSubmission submission = SparkSubmitArgs.parse(GoldenSet.args(c.args()), SparkVersion.parse("4.1.1"),
                null);
        var ours = new SparkDriverBuilder(spark.master(), "root").build(submission, spark.ids());

        assertThat(customEnvSorted(GoldenSet.comparable(ours.driverPod(), spark.pod())))
                .isEqualTo(customEnvSorted(spark.pod().deepCopy()));
        assertThat(GoldenSet.comparable(owned(ours.service(), spark.service()), spark.service()))
                .isEqualTo(spark.service());
        assertThat(ours.sparkProperties()).isEqualTo(spark.properties());
        ObjectNode cm = GoldenSet.comparable(owned(ours.configMap(), spark.configMap()), spark.configMap());
        assertThat(PropertiesText.read(cm.path("data").path("spark.properties").asText()))
                .isEqualTo(spark.properties());
        assertThat(withoutProperties(cm)).isEqualTo(withoutProperties(spark.configMap()));
        assertThat(firstLine(cm)).isEqualTo(firstLine(spark.configMap()));
        if (spark.templateConfigMap() != null) {
            assertThat(ours.templateConfigMap()).isNotNull();
            assertThat(ours.templateConfigMap().getMetadata().getName())
                    .isEqualTo(spark.templateConfigMap().path("metadata").path("name").asText());
        }
    }

    /**
     * The recorded spark-submit inputs are still what the launcher makes of the set's {@code app.yaml}, so the
     * comparison above covers SparkApplication → objects, not only spark-submit arguments → objects.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("generated")
    void recordedArgsAreWhatTheLauncherBuildsFromTheApp(Case c) throws IOException {
        List<String> recorded = GoldenSet.args(c.args());
        String sid = recorded.stream().filter(a -> a.contains(".label." + SparkLabels.SUBMISSION_ID + "="))
                .findFirst().orElseThrow().replaceAll(".*=", "");
        SparkApplication app = Json.read(Files.readString(c.sparkObjects().resolve("app.yaml")),
                SparkApplication.class);
        assertThat(SparkSubmitArgs.render(SubmissionBuilder.toSubmission(app, sid), "k8s://http://127.0.0.1:<port>"))
                .isEqualTo(recorded);
    }

    static List<Case> generated() throws IOException, URISyntaxException {
        return cases().stream().filter(c -> c.name().startsWith("generated/")).toList();
    }

    // Spark adds the owner reference once the API server has given the pod a uid; the fixtures' emulation used 1.
    private static <T extends HasMetadata> T owned(T resource, JsonNode theirs) {
        JsonNode ref = theirs.path("metadata").path("ownerReferences").path(0);
        T copy = Json.mapper().convertValue(Json.mapper().valueToTree(resource), (Class<T>) resource.getClass());
        copy.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("v1")
                .withKind("Pod").withController(true).withName(ref.path("name").asText())
                .withUid(ref.path("uid").asText()).build()));
        return copy;
    }

    /**
     * The pod with the env vars of {@code spark.kubernetes.driverEnv.*} (those between SPARK_APPLICATION_ID and
     * SPARK_DRIVER_BIND_ADDRESS) sorted by name. Spark lists them in the hash order of its conf map, which changes
     * with the number of settings (and kubeflow passes {@code envVars}, a Go map, in random order); the launcher
     * sorts them. Everything else, including their position among Spark's own env vars, is compared as is.
     */
    static JsonNode customEnvSorted(JsonNode pod) {
        ArrayNode env = (ArrayNode) pod.path("spec").path("containers").path(0).path("env");
        List<JsonNode> all = new ArrayList<>();
        env.forEach(all::add);
        int from = indexOf(all, "SPARK_APPLICATION_ID") + 1;
        int to = indexOf(all, "SPARK_DRIVER_BIND_ADDRESS");
        if (from <= 0 || to < from) {
            return pod;
        }
        List<JsonNode> custom = new ArrayList<>(all.subList(from, to));
        custom.sort(Comparator.comparing(n -> n.path("name").asText()));
        for (int i = 0; i < custom.size(); i++) {
            env.set(from + i, custom.get(i));
        }
        return pod;
    }

    private static int indexOf(List<JsonNode> env, String name) {
        for (int i = 0; i < env.size(); i++) {
            if (env.get(i).path("name").asText().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode withoutProperties(JsonNode cm) {
        ObjectNode copy = cm.deepCopy();
        ((ObjectNode) copy.path("data")).remove("spark.properties");
        return copy;
    }

    private static String firstLine(JsonNode cm) {
        return cm.path("data").path("spark.properties").asText().lines().findFirst().orElse("");
    }

}
