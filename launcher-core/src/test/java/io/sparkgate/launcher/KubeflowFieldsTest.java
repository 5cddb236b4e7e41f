package io.sparkgate.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.launcher.spark.RunIds;
import io.sparkgate.testing.KubeflowFields;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every value of the kubeflow field table (test-fixtures' {@code kubeflow/fields.yaml}) on the submission side:
 * accepted values reach the driver's {@code spark.properties} and args as the table says, refused ones are refused
 * naming the field; and the table in docs/migration-from-kubeflow.md is the one rendered from the same file.
 */
class KubeflowFieldsTest {
    private static final Path DOC = Path.of("..", "docs", "migration-from-kubeflow.md");
    private static final String BEGIN = "<!-- kubeflow-fields:begin (generated from test-fixtures kubeflow/fields.yaml) -->\n";
    private static final String END = "<!-- kubeflow-fields:end -->";
    private static final String SID = "0f3c2a1e-8d4b-4c7a-9e6f-5a4b3c2d1e0f";
    private final SubmissionBuilder builder = new SubmissionBuilder(LauncherSettings.inCluster(),
            SubmissionBuilderTest.CLOCK);

    static Stream<Arguments> accepted() {
        return KubeflowFields.rows().stream().flatMap(r -> r.accepts().stream()
                .map(a -> Arguments.of(r.field() + " " + a.app().path("spec"), a)));
    }

    static Stream<Arguments> refused() {
        return KubeflowFields.rows().stream().flatMap(r -> r.refuses().stream().filter(a -> !a.admissionOnly())
                .map(a -> Arguments.of(r.field() + " " + a.app().path("spec"), a)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptedValuesReachSparkAsTheTableSays(String name, KubeflowFields.Accepted value) {
        SubmissionObjects objects = builder.build(app(value.app()), SID, RunIds.appIdFor(SID));

        assertThat(objects.sparkProperties()).containsAllEntriesOf(value.properties());
        assertThat(objects.sparkProperties()).doesNotContainKeys(value.absent().toArray(String[]::new));
        if (!value.args().isEmpty()) {
            List<String> args = objects.driverPod().getSpec().getContainers().get(0).getArgs();
            assertThat(args.subList(args.size() - value.args().size(), args.size()))
                    .containsExactlyElementsOf(value.args());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedValuesAreRefusedNamingTheField(String name, KubeflowFields.Refused value) {
        assertThatThrownBy(() -> builder.build(app(value.app()), SID, RunIds.appIdFor(SID)))
                .isInstanceOf(RuntimeException.class)
                .hasMessageStartingWith(value.message()).hasMessageContaining(value.forms());
    }

    @Test
    void theDocTableIsRenderedFromTheFieldTable() throws Exception {
        String doc = Files.readString(DOC);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        String generated = KubeflowFields.markdownTable();
        if (Boolean.getBoolean("sparkgate.docs.write") && begin >= 0 && end > begin) {
            doc = doc.substring(0, begin + BEGIN.length()) + generated + doc.substring(end);
            Files.writeString(DOC, doc);
            begin = doc.indexOf(BEGIN);
            end = doc.indexOf(END);
        }
        assertThat(begin).as("docs/migration-from-kubeflow.md has the field table markers").isPositive();
        assertThat(doc.substring(begin + BEGIN.length(), end))
                .as("the field table in docs/migration-from-kubeflow.md is stale: regenerate it with mvn -B -q -pl "
                        + "launcher-core -am test -Dtest=KubeflowFieldsTest -Dsparkgate.docs.write=true "
                        + "-Dsurefire.failIfNoSpecifiedTests=false")
                .isEqualTo(generated);
    }

    private static SparkApplication app(JsonNode node) {
        return Json.read(node.toString(), SparkApplication.class);
    }
}
