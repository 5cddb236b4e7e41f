package io.sparkgate.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.sparkgate.api.Json;
import io.sparkgate.testing.SparkFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code dev} ships in the jar is an exact copy of its source, so dev runs what the chart and examples say. */
class DevResourcesTest {

    @Test
    void webhookConfigurationsAreTheChartsRenderedOnes() throws Exception {
        assertThat(DevResources.text(DevResources.WEBHOOK_CONFIGURATIONS)).isEqualTo(Files.readString(
                Path.of("..", "charts", "sparkgate", "src", "test", "resources", "rendered",
                        "webhook-configurations.yaml")));
    }

    @Test
    void policyIsTheDevExample() throws Exception {
        assertThat(DevResources.text(DevResources.POLICY))
                .isEqualTo(Files.readString(Path.of("..", "examples", "policies", "dev.yaml")));
    }

    @Test
    void executorObjectsAreWhatRealSparkSent() {
        List<JsonNode> shipped = DevResources.executorObjects();
        List<JsonNode> real = SparkFixtures.files(SparkFixtures.EXECUTORS).stream().map(SparkFixtures::json).toList();
        assertThat(shipped).isEqualTo(real);
        assertThat(DevResources.EXECUTOR_OBJECTS).extracting(n -> n.substring(n.lastIndexOf('/') + 1))
                .isEqualTo(SparkFixtures.files(SparkFixtures.EXECUTORS).stream()
                        .map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void chartDefaultsAreMutatingIgnoreAndValidatingFail() {
        ChartWebhooks chart = ChartWebhooks.chartDefaults();
        assertThat(chart.mutating().getWebhooks()).extracting(MutatingWebhook::getName, MutatingWebhook::getFailurePolicy)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ChartWebhooks.MUTATE_PODS, "Ignore"));
        assertThat(chart.validating().getWebhooks()).extracting(ValidatingWebhook::getFailurePolicy)
                .containsOnly("Fail").hasSize(4);
        assertThat(chart.mutating().getWebhooks().get(0).getClientConfig().getService().getNamespace())
                .isEqualTo(ChartWebhooks.NAMESPACE);
        assertThat(chart.mutating().getWebhooks().get(0).getClientConfig().getCaBundle()).isNull();
    }

    @Test
    void theDevClusterSendsPodUpdatesAndEphemeralContainersToPodValidation() {
        ValidatingWebhook pods = ChartWebhooks.chartDefaults().validating().getWebhooks().stream()
                .filter(w -> w.getName().equals(ChartWebhooks.VALIDATE_PODS)).findFirst().orElseThrow();
        assertThat(pods.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getOperations()).containsExactly("CREATE", "UPDATE");
            assertThat(rule.getResources()).containsExactly("pods", "pods/ephemeralcontainers");
        });
    }

    @Test
    void failurePoliciesChangeOnACopyOnly() {
        ChartWebhooks chart = ChartWebhooks.chartDefaults();
        ChartWebhooks failClosed = chart.withFailurePolicies("Fail", "Ignore");
        assertThat(failClosed.mutating().getWebhooks()).extracting(MutatingWebhook::getFailurePolicy)
                .containsOnly("Fail");
        assertThat(failClosed.validating().getWebhooks()).extracting(ValidatingWebhook::getFailurePolicy)
                .containsOnly("Ignore");
        assertThat(chart.mutating().getWebhooks().get(0).getFailurePolicy()).isEqualTo("Ignore");
        JsonNode back = Json.mapper().valueToTree(failClosed.withFailurePolicies("Ignore", "Fail").validating());
        JsonNode original = Json.mapper().valueToTree(chart.validating());
        assertThat(back).isEqualTo(original);
    }
}
