package io.sparkgate.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.testing.SparkFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default webhook configurations: what is sent to sparkgate, from where, and what happens when it is down. */
class WebhookConfigurationTest {
    private static Rendered chart;
    private static JsonNode mutating;
    private static JsonNode validating;

    @BeforeAll
    static void render() {
        chart = Helm.render(Map.of());
        mutating = chart.get("MutatingWebhookConfiguration", "sparkgate");
        validating = chart.get("ValidatingWebhookConfiguration", "sparkgate");
    }

    @Test
    void mutatingWebhookTakesSparkPodCreatesAndIgnoresOutages() {
        JsonNode hook = mutating.path("webhooks").get(0);
        assertThat(mutating.path("webhooks")).hasSize(1);
        assertThat(hook.path("name").asText()).isEqualTo("mutate-pods.sparkgate.io");
        assertThat(hook.at("/clientConfig/service/path").asText()).isEqualTo("/mutate/pods");
        assertThat(hook.at("/clientConfig/service/name").asText()).isEqualTo("sparkgate");
        assertThat(hook.at("/clientConfig/service/namespace").asText()).isEqualTo(Helm.NAMESPACE);
        assertThat(hook.at("/clientConfig/service/port").asInt()).isEqualTo(443);
        assertThat(hook.at("/rules/0/operations").toString()).isEqualTo("[\"CREATE\"]");
        assertThat(hook.at("/rules/0/resources").toString()).isEqualTo("[\"pods\"]");
        assertThat(hook.path("failurePolicy").asText()).isEqualTo("Ignore");
        assertThat(hook.path("reinvocationPolicy").asText()).isEqualTo("IfNeeded");
        assertThat(hook.path("sideEffects").asText()).isEqualTo("None");
        assertThat(hook.path("timeoutSeconds").asInt()).isEqualTo(5);
        assertThat(hook.path("admissionReviewVersions").toString()).isEqualTo("[\"v1\"]");
    }

    @Test
    void validatingWebhooksCoverEveryEndpointAndFailClosed() {
        List<String> paths = new ArrayList<>();
        for (JsonNode hook : validating.path("webhooks")) {
            paths.add(hook.at("/clientConfig/service/path").asText());
            assertThat(hook.path("failurePolicy").asText()).as(hook.path("name").asText()).isEqualTo("Fail");
            assertThat(hook.path("sideEffects").asText()).isEqualTo("None");
            assertThat(hook.path("timeoutSeconds").asInt()).isEqualTo(5);
        }
        assertThat(paths).containsExactly("/validate/pods", "/validate/sparkapplications",
                "/validate/scheduledsparkapplications", "/validate/sparkpolicies");
    }

    @Test
    void podValidationSeesUpdatesAndEphemeralContainersNotJustCreates() {
        JsonNode hook = validating.path("webhooks").get(0);
        assertThat(hook.path("name").asText()).isEqualTo("validate-pods.sparkgate.io");
        assertThat(hook.path("rules")).hasSize(1);
        assertThat(hook.at("/rules/0/operations").toString()).isEqualTo("[\"CREATE\",\"UPDATE\"]");
        assertThat(hook.at("/rules/0/resources").toString()).isEqualTo("[\"pods\",\"pods/ephemeralcontainers\"]");
    }

    @Test
    void podWebhooksSelectTheRealSparkDriverAndExecutorPodsOnly() {
        List<JsonNode> podHooks = List.of(mutating.path("webhooks").get(0), validating.path("webhooks").get(0));
        List<Pod> sparkPods = new ArrayList<>(SparkFixtures.pods(SparkFixtures.JAVA_SPARK_PI));
        sparkPods.addAll(SparkFixtures.pods(SparkFixtures.EXECUTORS));
        assertThat(sparkPods).hasSizeGreaterThanOrEqualTo(3);
        for (JsonNode hook : podHooks) {
            for (Pod pod : sparkPods) {
                assertThat(Selectors.matches(hook.path("objectSelector"), pod.getMetadata().getLabels()))
                        .as("%s selects %s", hook.path("name").asText(), pod.getMetadata().getName()).isTrue();
            }
            assertThat(Selectors.matches(hook.path("objectSelector"), Map.of("app", "nginx"))).isFalse();
            assertThat(Selectors.matches(hook.path("objectSelector"), Map.of("spark-role", "shuffle"))).isFalse();
        }
    }

    @Test
    void noWebhookSeesKubeSystemTheReleaseNamespaceOrOptedOutNamespaces() {
        List<JsonNode> namespaced = new ArrayList<>();
        mutating.path("webhooks").forEach(namespaced::add);
        validating.path("webhooks").forEach(h -> {
            if (!h.path("name").asText().startsWith("validate-sparkpolicies")) {
                namespaced.add(h);
            }
        });
        for (JsonNode hook : namespaced) {
            JsonNode selector = hook.path("namespaceSelector");
            String name = hook.path("name").asText();
            assertThat(Selectors.matches(selector, ns("kube-system"))).as(name).isFalse();
            assertThat(Selectors.matches(selector, ns(Helm.NAMESPACE))).as(name).isFalse();
            assertThat(Selectors.matches(selector, ns("kube-node-lease"))).as(name).isFalse();
            assertThat(Selectors.matches(selector, Map.of("kubernetes.io/metadata.name", "team-a",
                    "sparkgate.io/ignore", "true"))).as(name).isFalse();
            assertThat(Selectors.matches(selector, ns("team-a"))).as(name).isTrue();
        }
    }

    @Test
    void aUserNamespaceSelectorIsAndedWithTheExclusions() {
        Rendered r = Helm.render(Map.of("webhooks.namespaceSelector.matchLabels.spark", "enabled"));
        JsonNode selector = r.get("MutatingWebhookConfiguration", "sparkgate").at("/webhooks/0/namespaceSelector");
        assertThat(Selectors.matches(selector, Map.of("kubernetes.io/metadata.name", "team-a", "spark", "enabled")))
                .isTrue();
        assertThat(Selectors.matches(selector, ns("team-a"))).isFalse();
        assertThat(Selectors.matches(selector, Map.of("kubernetes.io/metadata.name", "kube-system",
                "spark", "enabled"))).isFalse();
    }

    @Test
    void policiesAreConfigurable() {
        Rendered r = Helm.render(Map.of("webhooks.mutating.failurePolicy", "Fail",
                "webhooks.validating.failurePolicy", "Ignore", "webhooks.timeoutSeconds", "10",
                "webhooks.validating.sparkPolicies", "false"));
        assertThat(r.get("MutatingWebhookConfiguration", "sparkgate").at("/webhooks/0/failurePolicy").asText())
                .isEqualTo("Fail");
        JsonNode validatingHooks = r.get("ValidatingWebhookConfiguration", "sparkgate").path("webhooks");
        assertThat(validatingHooks).hasSize(3);
        validatingHooks.forEach(h -> {
            assertThat(h.path("failurePolicy").asText()).isEqualTo("Ignore");
            assertThat(h.path("timeoutSeconds").asInt()).isEqualTo(10);
        });
    }

    private static Map<String, String> ns(String name) {
        return Map.of("kubernetes.io/metadata.name", name);
    }
}
