package io.sparkgate.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webhook and operator Deployments, the Service and PDB: one image, separate pods and identities, probes, secure
 * defaults, spreading.
 */
class DeploymentTest {
    private static Rendered chart;
    private static JsonNode podSpec;
    private static JsonNode operatorSpec;

    @BeforeAll
    static void render() {
        chart = Helm.render(Map.of());
        podSpec = chart.get("Deployment", "sparkgate").at("/spec/template/spec");
        operatorSpec = chart.get("Deployment", "sparkgate-operator").at("/spec/template/spec");
    }

    @Test
    void runsWebhookAndOperatorFromOneImageInSeparatePods() {
        JsonNode containers = podSpec.path("containers");
        assertThat(containers).hasSize(1);
        assertThat(operatorSpec.path("containers")).hasSize(1);
        assertThat(containers.get(0).path("name").asText()).isEqualTo("webhook");
        assertThat(operatorSpec.at("/containers/0/name").asText()).isEqualTo("operator");
        assertThat(containers.get(0).path("image").asText()).isEqualTo("sparkgate/sparkgate:0.1.0")
                .isEqualTo(operatorSpec.at("/containers/0/image").asText());
        assertThat(args(containers.get(0))).containsExactly("webhook", "--port=9443",
                "--tls-cert-file=/etc/sparkgate/tls/tls.crt", "--tls-key-file=/etc/sparkgate/tls/tls.key",
                "--health-port=8080", "--decision-deadline=4s", "--admission-workers=0", "--admission-queue=256",
                "--header-timeout=10s", "--idle-timeout=120s", "--max-connections=1000",
                "--quota-reservation-ttl=60s", "--quota-commit-budget=3s", "--cert-mode=external", "--namespace=" + Helm.NAMESPACE,
                "--service=sparkgate", "--secret=sparkgate-tls");
        assertThat(args(operatorSpec.at("/containers/0"))).first().isEqualTo("operator");
        assertThat(podSpec.path("serviceAccountName").asText()).isEqualTo("sparkgate");
        assertThat(operatorSpec.path("serviceAccountName").asText()).isEqualTo("sparkgate-operator");
        assertThat(chart.get("Deployment", "sparkgate-operator").at("/spec/replicas").asInt()).isEqualTo(1);
    }

    @Test
    void noWebhookSelectorMatchesAnOperatorPod() {
        Map<String, String> operatorLabels = labels(chart.get("Deployment", "sparkgate-operator")
                .at("/spec/template/metadata/labels"));
        JsonNode service = chart.get("Service", "sparkgate");
        assertThat(Selectors.matches(Json.mapper().createObjectNode().set("matchLabels", service.at("/spec/selector")),
                operatorLabels)).isFalse();
        assertThat(Selectors.matches(chart.get("Deployment", "sparkgate").at("/spec/selector"), operatorLabels))
                .isFalse();
        assertThat(Selectors.matches(chart.get("PodDisruptionBudget", "sparkgate").at("/spec/selector"),
                operatorLabels)).isFalse();
        assertThat(Selectors.matches(chart.get("Deployment", "sparkgate-operator").at("/spec/selector"),
                operatorLabels)).isTrue();
        assertThat(Selectors.matches(chart.get("Deployment", "sparkgate-operator").at("/spec/selector"),
                labels(chart.get("Deployment", "sparkgate").at("/spec/template/metadata/labels")))).isFalse();
    }

    @Test
    void theWebhooksLimitsArePassedAsItsFlags() {
        Rendered r = Helm.render(Map.of("webhook.decisionDeadline", "2500ms", "webhook.admissionWorkers", "8",
                "webhook.admissionQueue", "64", "webhook.headerTimeout", "5s", "webhook.idleTimeout", "2m",
                "webhook.maxConnections", "300", "webhook.quotaReservationTtl", "90s", "webhook.quotaCommitBudget",
                "2s", "webhooks.timeoutSeconds", "3"));
        List<String> args = args(r.get("Deployment", "sparkgate").at("/spec/template/spec/containers/0"));
        assertThat(args).contains("--decision-deadline=2500ms", "--admission-workers=8", "--admission-queue=64",
                "--header-timeout=5s", "--idle-timeout=2m", "--max-connections=300", "--quota-reservation-ttl=90s",
                "--quota-commit-budget=2s");
        assertThat(args(r.get("Deployment", "sparkgate-operator").at("/spec/template/spec/containers/0")))
                .noneMatch(a -> a.startsWith("--decision-deadline") || a.startsWith("--max-connections"));
    }

    @Test
    void probesHitTheHealthPortOfEachContainer() {
        JsonNode webhook = podSpec.path("containers").get(0);
        JsonNode operator = operatorSpec.path("containers").get(0);
        assertThat(webhook.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
        assertThat(webhook.at("/readinessProbe/httpGet/port").asInt()).isEqualTo(8080);
        assertThat(webhook.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
        assertThat(webhook.at("/startupProbe/httpGet/port").asInt()).isEqualTo(8080);
        assertThat(operator.at("/readinessProbe/httpGet/port").asInt()).isEqualTo(8081);
        assertThat(operator.at("/livenessProbe/httpGet/port").asInt()).isEqualTo(8081);
    }

    @Test
    void secureByDefault() {
        for (JsonNode spec : List.of(podSpec, operatorSpec)) {
            assertThat(spec.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
            assertThat(spec.at("/securityContext/runAsUser").asInt()).isPositive();
            assertThat(spec.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        }
        List<JsonNode> all = new ArrayList<>();
        podSpec.path("containers").forEach(all::add);
        operatorSpec.path("containers").forEach(all::add);
        for (JsonNode c : all) {
            String name = c.path("name").asText();
            assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
            assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).as(name).isFalse();
            assertThat(c.at("/securityContext/capabilities/drop").toString()).as(name).isEqualTo("[\"ALL\"]");
            assertThat(c.at("/resources/requests/cpu").isMissingNode()).as(name).isFalse();
            assertThat(c.at("/resources/requests/memory").isMissingNode()).as(name).isFalse();
            assertThat(c.at("/resources/limits/memory").isMissingNode()).as(name).isFalse();
            assertThat(mountPaths(c)).as(name).contains("/tmp");
        }
        assertThat(mountPaths(podSpec.path("containers").get(0))).contains("/etc/sparkgate/tls");
    }

    @Test
    void serviceMaps443ToTheWebhookPort() {
        JsonNode service = chart.get("Service", "sparkgate");
        JsonNode https = service.at("/spec/ports/0");
        assertThat(https.path("port").asInt()).isEqualTo(443);
        assertThat(https.path("targetPort").asText()).isEqualTo("https");
        JsonNode containerPort = podSpec.at("/containers/0/ports/0");
        assertThat(containerPort.path("name").asText()).isEqualTo("https");
        assertThat(containerPort.path("containerPort").asInt()).isEqualTo(9443);
        Map<String, String> podLabels = labels(chart.get("Deployment", "sparkgate").at("/spec/template/metadata/labels"));
        assertThat(Selectors.matches(Json.mapper().createObjectNode().set("matchLabels",
                service.at("/spec/selector")), podLabels)).isTrue();
    }

    @Test
    void twoReplicasAreSpreadAndProtectedByAPdb() {
        JsonNode deployment = chart.get("Deployment", "sparkgate");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
        JsonNode pdb = chart.get("PodDisruptionBudget", "sparkgate");
        assertThat(pdb.at("/spec/minAvailable").asInt()).isEqualTo(1);
        Map<String, String> podLabels = labels(deployment.at("/spec/template/metadata/labels"));
        assertThat(Selectors.matches(pdb.at("/spec/selector"), podLabels)).isTrue();
        JsonNode term = podSpec.at("/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/0");
        assertThat(term.at("/podAffinityTerm/topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
        assertThat(Selectors.matches(term.at("/podAffinityTerm/labelSelector"), podLabels)).isTrue();
    }

    @Test
    void hardAntiAffinityIsRequiredAndUserAffinityIsKept() {
        Rendered r = Helm.render(Map.of("replicaCount", "3", "podAntiAffinity", "hard",
                "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
                        + ".matchExpressions[0].key", "pool",
                "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
                        + ".matchExpressions[0].operator", "Exists"));
        JsonNode affinity = r.get("Deployment", "sparkgate").at("/spec/template/spec/affinity");
        assertThat(affinity.at("/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/topologyKey")
                .asText()).isEqualTo("kubernetes.io/hostname");
        assertThat(affinity.at("/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0"
                + "/matchExpressions/0/key").asText()).isEqualTo("pool");
    }

    @Test
    void aSingleReplicaWithIgnoreHasNoPdbNorAntiAffinity() {
        Rendered r = Helm.render(Map.of("replicaCount", "1", "webhooks.validating.failurePolicy", "Ignore"));
        assertThat(r.ofKind("PodDisruptionBudget")).isEmpty();
        assertThat(r.get("Deployment", "sparkgate").at("/spec/template/spec/affinity").isMissingNode()).isTrue();
    }

    @Test
    void theInstallNotesNameBothDeployments() {
        Helm.Result r = Helm.run(List.of("install", Helm.RELEASE, Helm.chart().toString(), "--namespace",
                Helm.NAMESPACE, "--dry-run=client"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("rollout status deployment/sparkgate\n",
                "rollout status deployment/sparkgate-operator\n",
                "Operator:  Deployment sparkgate-operator, ServiceAccount sparkgate-operator, for all namespaces");
    }

    @Test
    void theOperatorCanBeLeftOut() {
        Rendered r = Helm.render(Map.of("operator.enabled", "false"));
        assertThat(r.get("Deployment", "sparkgate").at("/spec/template/spec/containers")).hasSize(1);
        assertThat(r.find("Deployment", "sparkgate-operator")).isEmpty();
        assertThat(r.find("ServiceAccount", "sparkgate-operator")).isEmpty();
        assertThat(r.find("Role", "sparkgate-operator")).isEmpty();
        assertThat(r.find("ClusterRole", "sparkgate-operator")).isEmpty();
    }

    private static List<String> args(JsonNode container) {
        List<String> out = new ArrayList<>();
        container.path("args").forEach(a -> out.add(a.asText()));
        return out;
    }

    private static List<String> mountPaths(JsonNode container) {
        List<String> out = new ArrayList<>();
        container.path("volumeMounts").forEach(m -> out.add(m.path("mountPath").asText()));
        return out;
    }

    private static Map<String, String> labels(JsonNode node) {
        return Json.mapper().convertValue(node, Json.mapper().getTypeFactory()
                .constructMapType(Map.class, String.class, String.class));
    }
}
