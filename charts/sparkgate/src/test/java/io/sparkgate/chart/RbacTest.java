package io.sparkgate.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, checked exactly: each role's permissions are listed here as {@code group/resource:verb[@name]},
 * so a widened rule fails a test and has to be argued for in review.
 */
class RbacTest {
    private static Rendered chart;

    @BeforeAll
    static void render() {
        chart = Helm.render(Map.of());
    }

    @Test
    void webhookReadsWhatItDecidesOnAndWritesOnlyItsOwnWebhookConfigurations() {
        assertThat(permissions(chart.get("ClusterRole", "sparkgate-webhook"))).containsExactlyInAnyOrderElementsOf(
                expand(List.of("sparkoperator.k8s.io/sparkapplications", "sparkoperator.k8s.io/scheduledsparkapplications",
                        "sparkgate.io/sparkpolicies", "/pods", "/namespaces", "/resourcequotas"),
                        List.of("get", "list", "watch"), List.of(
                                "/events:create", "/events:patch", "events.k8s.io/events:create",
                                "events.k8s.io/events:patch")));
    }

    @Test
    void operatorManagesAppsAndTheObjectsOfARunButNeverEditsPods() {
        Set<String> operator = permissions(chart.get("ClusterRole", "sparkgate-operator"));
        assertThat(operator).contains("sparkoperator.k8s.io/sparkapplications/status:update",
                "sparkoperator.k8s.io/scheduledsparkapplications:create", "/pods:create", "/pods:delete",
                "/configmaps:create", "/services:delete", "networking.k8s.io/ingresses:create", "/events:create");
        assertThat(operator).noneMatch(p -> p.startsWith("/pods:update") || p.startsWith("/pods:patch")
                || p.startsWith("/secrets") || p.startsWith("/pods/log") || p.contains("webhookconfigurations"));
        assertThat(operator).hasSize(2 * 7 + 2 * 3 + 3 * 5 + 5 + 4);
    }

    @Test
    void secretsAndLeasesAreReachableOnlyByNameInTheReleaseNamespace() {
        JsonNode role = chart.get("Role", "sparkgate");
        assertThat(role.at("/metadata/namespace").asText()).isEqualTo(Helm.NAMESPACE);
        assertThat(permissions(role)).containsExactlyInAnyOrder(
                "/secrets:get@sparkgate-tls", "/secrets:list@sparkgate-tls", "/secrets:watch@sparkgate-tls",
                "/configmaps:get", "/configmaps:create", "/configmaps:update");
        JsonNode operatorRole = chart.get("Role", "sparkgate-operator");
        assertThat(operatorRole.at("/metadata/namespace").asText()).isEqualTo(Helm.NAMESPACE);
        assertThat(permissions(operatorRole)).containsExactlyInAnyOrder("coordination.k8s.io/leases:create",
                "coordination.k8s.io/leases:get@sparkgate-operator", "coordination.k8s.io/leases:update@sparkgate-operator",
                "coordination.k8s.io/leases:patch@sparkgate-operator");
        for (JsonNode clusterRole : chart.ofKind("ClusterRole")) {
            assertThat(permissions(clusterRole)).noneMatch(p -> p.startsWith("/secrets"));
        }
        // quota reservations (issue 13): ConfigMaps of the release namespace only, never cluster-wide for the webhook
        assertThat(permissions(chart.get("ClusterRole", "sparkgate-webhook"))).noneMatch(p -> p.startsWith("/configmaps"));
    }

    @Test
    void theWebhooksServiceAccountCannotRunPodsAndTheOperatorsCan() {
        Set<String> webhook = rights(chart, "sparkgate");
        Set<String> operator = rights(chart, "sparkgate-operator");
        for (String write : List.of("/pods:create", "/pods:delete", "/services:create", "/services:delete",
                "/configmaps:delete", "networking.k8s.io/ingresses:create", "sparkoperator.k8s.io/sparkapplications:create",
                "sparkoperator.k8s.io/sparkapplications:delete")) {
            assertThat(webhook).as("the webhook's rights").noneMatch(p -> p.startsWith(write));
            assertThat(operator).as("the operator's rights").contains(write);
        }
        assertThat(webhook).noneMatch(p -> p.startsWith("/configmaps") && !p.endsWith("@ns"));
        assertThat(operator).noneMatch(p -> p.startsWith("/secrets") || p.contains("webhookconfigurations")
                || p.startsWith("sparkgate.io/"));
        // The process serving the admission port runs as the webhook's account; the operator serves none.
        JsonNode webhookPod = chart.get("Deployment", "sparkgate").at("/spec/template/spec");
        JsonNode operatorPod = chart.get("Deployment", "sparkgate-operator").at("/spec/template/spec");
        assertThat(webhookPod.path("serviceAccountName").asText()).isEqualTo("sparkgate");
        assertThat(operatorPod.path("serviceAccountName").asText()).isEqualTo("sparkgate-operator");
        assertThat(operatorPod.path("containers").findValues("name").toString()).doesNotContain("https");
        assertThat(chart.get("ServiceAccount", "sparkgate-operator").at("/metadata/namespace").asText())
                .isEqualTo(Helm.NAMESPACE);
    }

    @Test
    void withCertificatesFromCertManagerOrASecretTheWebhookCannotTouchTheCaOrWriteAnySecret() {
        for (Map<String, String> values : List.of(Map.of("certs.mode", "cert-manager"),
                Map.of("certs.mode", "existing", "certs.secretName", "own-tls"))) {
            Rendered r = Helm.render(values);
            String secret = values.getOrDefault("certs.secretName", "sparkgate-tls");
            assertThat(rights(r, "sparkgate")).as("%s", values).filteredOn(p -> p.startsWith("/secrets"))
                    .containsExactlyInAnyOrder("/secrets:get@" + secret + "@ns", "/secrets:list@" + secret + "@ns",
                            "/secrets:watch@" + secret + "@ns");
            assertThat(rights(r, "sparkgate")).as("%s", values).noneMatch(p -> p.startsWith("coordination.k8s.io")
                    || p.contains("webhookconfigurations"));
        }
        // certs.mode=self: only the certificate writer's account reaches the CA Secret; the webhook's cannot get it.
        assertThat(rights(chart, "sparkgate")).noneMatch(p -> p.contains("sparkgate-tls-ca")
                || p.startsWith("/secrets:update") || p.contains("webhookconfigurations"));
        assertThat(rights(chart, "sparkgate-cert-writer")).contains("/secrets:get@sparkgate-tls-ca@ns");
        assertThat(rights(chart, "sparkgate-operator")).noneMatch(p -> p.startsWith("/secrets"));
    }

    @Test
    void noWildcardsAnywhere() {
        for (String kind : List.of("ClusterRole", "Role")) {
            for (JsonNode role : chart.ofKind(kind)) {
                for (JsonNode rule : role.path("rules")) {
                    for (String field : List.of("apiGroups", "resources", "verbs", "resourceNames")) {
                        rule.path(field).forEach(v -> assertThat(v.asText()).as("%s %s", kind, field).isNotEqualTo("*"));
                    }
                }
            }
        }
    }

    @Test
    void everyBindingNamesTheServiceAccountOfItsDeployment() {
        String webhook = chart.get("Deployment", "sparkgate").at("/spec/template/spec/serviceAccountName").asText();
        String operator = chart.get("Deployment", "sparkgate-operator").at("/spec/template/spec/serviceAccountName")
                .asText();
        Map<String, String> expected = Map.of("sparkgate-certs", "sparkgate-certs", "sparkgate-webhook", webhook,
                "sparkgate", webhook, "sparkgate-operator", operator, "sparkgate-operator-lease", operator, "sparkgate-cert-writer", "sparkgate-cert-writer");
        Stream.of("ClusterRoleBinding", "RoleBinding").flatMap(k -> chart.ofKind(k).stream()).forEach(b -> {
            // The pre-install certificate Job binds its own short-lived ServiceAccount.
            assertThat(b.at("/subjects/0/name").asText()).as(b.at("/metadata/name").asText())
                    .isEqualTo(expected.get(b.at("/metadata/name").asText()));
            assertThat(b.path("subjects")).hasSize(1);
            assertThat(b.at("/subjects/0/namespace").asText()).isEqualTo(Helm.NAMESPACE);
        });
        assertThat(chart.names()).contains("ClusterRoleBinding/sparkgate-webhook", "ClusterRoleBinding/sparkgate-operator",
                "RoleBinding/sparkgate", "RoleBinding/sparkgate-operator-lease");
    }

    @Test
    void operatorLimitedToANamespaceIsBoundOnlyThere() {
        Rendered r = Helm.render(Map.of("operator.namespaces", "{team-a}"));
        assertThat(r.find("ClusterRoleBinding", "sparkgate-operator")).isEmpty();
        assertThat(r.ofKind("RoleBinding").stream().filter(b -> b.at("/metadata/name").asText()
                .equals("sparkgate-operator")).map(b -> b.at("/metadata/namespace").asText()))
                .containsExactly("team-a");
        assertThat(r.get("Deployment", "sparkgate-operator").at("/spec/template/spec/containers/0/args").toString())
                .contains("--namespace=team-a", "--lease-namespace=" + Helm.NAMESPACE, "--lease-name=sparkgate-operator",
                        "--health-port=8081");
    }

    @Test
    void cliUsersGetLogsAndPortForwardThroughTheAggregatedEditRole() {
        JsonNode edit = chart.get("ClusterRole", "sparkgate-user-edit");
        assertThat(edit.at("/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-edit").asText()).isEqualTo("true");
        assertThat(permissions(edit)).contains("/pods/log:get", "/pods/portforward:create",
                "sparkoperator.k8s.io/sparkapplications:delete", "/events:list");
        assertThat(Helm.render(Map.of("rbac.userRole", "false")).find("ClusterRole", "sparkgate-user-edit")).isEmpty();
    }

    @Test
    void everyRbacRuleInTheTemplatesIsJustifiedByAComment() throws IOException {
        try (Stream<Path> templates = Files.list(Helm.chart().resolve("templates"))) {
            for (Path t : templates.filter(p -> p.getFileName().toString().matches("(clusterrole.*|role|certs-job|cert-writer)\\.yaml"))
                    .toList()) {
                List<String> lines = Files.readAllLines(t);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).trim().startsWith("- apiGroups:")) {
                        assertThat(previousContentLine(lines, i)).as("%s line %d", t.getFileName(), i + 1)
                                .startsWith("#");
                    }
                }
            }
        }
    }

    private static String previousContentLine(List<String> lines, int index) {
        for (int i = index - 1; i >= 0; i--) {
            String line = lines.get(i).trim();
            if (!line.isEmpty() && !line.startsWith("{{")) {
                return line;
            }
        }
        return "";
    }

    /**
     * Every permission the chart grants a ServiceAccount of the release namespace through its bindings; those of a
     * Role or RoleBinding end in {@code @ns} (namespaced), those of a ClusterRoleBinding do not.
     */
    static Set<String> rights(Rendered chart, String serviceAccount) {
        Set<String> out = new TreeSet<>();
        for (String kind : List.of("ClusterRoleBinding", "RoleBinding")) {
            for (JsonNode b : chart.ofKind(kind)) {
                boolean bound = false;
                for (JsonNode subject : b.path("subjects")) {
                    bound |= subject.path("kind").asText().equals("ServiceAccount")
                            && subject.path("name").asText().equals(serviceAccount)
                            && subject.path("namespace").asText().equals(Helm.NAMESPACE);
                }
                if (bound) {
                    JsonNode role = chart.get(b.at("/roleRef/kind").asText(), b.at("/roleRef/name").asText());
                    permissions(role).forEach(p -> out.add(kind.equals("RoleBinding") ? p + "@ns" : p));
                }
            }
        }
        return out;
    }

    /** Every permission a role grants, one string per group/resource/verb/resourceName. */
    static Set<String> permissions(JsonNode role) {
        Set<String> out = new TreeSet<>();
        for (JsonNode rule : role.path("rules")) {
            for (JsonNode group : rule.path("apiGroups")) {
                for (JsonNode resource : rule.path("resources")) {
                    for (JsonNode verb : rule.path("verbs")) {
                        String base = group.asText() + "/" + resource.asText() + ":" + verb.asText();
                        if (rule.path("resourceNames").isEmpty()) {
                            out.add(base);
                        } else {
                            rule.path("resourceNames").forEach(n -> out.add(base + "@" + n.asText()));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static Set<String> expand(List<String> resources, List<String> verbs, List<String> extra) {
        Set<String> out = new TreeSet<>(extra);
        resources.forEach(r -> verbs.forEach(v -> out.add(r + ":" + v)));
        return out;
    }
}
