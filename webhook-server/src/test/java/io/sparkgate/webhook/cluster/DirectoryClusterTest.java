package io.sparkgate.webhook.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkRole;
import io.sparkgate.mutators.MutationContext;
import io.sparkgate.policy.AdmissionDecision;
import io.sparkgate.policy.AdmissionInput;
import io.sparkgate.policy.PolicyEngine;
import io.sparkgate.testing.SparkFixtures;
import io.sparkgate.webhook.admission.AdmissionEndpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline (--apps-dir, --policies-dir, dev): the same engine over a directory's objects and policies. */
class DirectoryClusterTest {
    @TempDir
    Path dir;

    @Test
    void namespacesPodsQuotasAndAppsOfADirectoryFormTheViewAndPoliciesApply() throws Exception {
        Files.writeString(dir.resolve("cluster.yaml"), """
                apiVersion: v1
                kind: List
                items:
                  - {apiVersion: v1, kind: Namespace, metadata: {name: team-a, labels: {tenant: team-a}}}
                  - {apiVersion: v1, kind: ResourceQuota, metadata: {name: compute, namespace: team-a},
                     spec: {hard: {requests.cpu: "8"}}}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: other-driver, namespace: team-a, labels: {spark-role: driver}}
                spec: {containers: [{name: spark, image: example.com/spark, resources: {requests: {cpu: "14"}}}]}
                """);
        JsonNode app = Json.yaml().readTree(Files.readString(Path.of("..", "examples", "spark-pi.yaml")));
        ((ObjectNode) app.get("metadata")).put("namespace", "team-a");
        ((ObjectNode) app.get("spec")).put("image", "example.com/spark:4.1.1");
        Files.writeString(dir.resolve("app.json"), Json.write(app));

        StaticCluster cluster = DirectoryCluster.load(dir)
                .withPolicies(DirectoryCluster.policies(Path.of("..", "examples", "policies")), "examples");
        assertThat(cluster.apps().find("team-a", "spark-pi")).isPresent();
        assertThat(cluster.view().labelsOf("team-a")).containsEntry("tenant", "team-a");
        assertThat(cluster.view().sparkPods("team-a")).hasSize(1);
        assertThat(cluster.view().resourceQuotas("team-a")).hasSize(1);
        assertThat(cluster.policies().get().policiesFor(cluster.view(), "team-a")).extracting(p -> p.name())
                .contains("team-a");

        var components = AdmissionEndpoints.Components.enforcing(cluster.policies(), cluster.ledger(),
                cluster.view());
        JsonNode pod = SparkFixtures.podJson(SparkFixtures.JAVA_SPARK_PI);
        var mutated = components.podMutation().mutate(new MutationContext("team-a", SparkRole.DRIVER,
                cluster.apps().find("team-a", "spark-pi").orElseThrow()), pod);
        assertThat(mutated.mutated().getSpec().getNodeSelector()).containsEntry("pool", "spark");

        // team-a allows 16 cores; the pod of no app takes 14 and spark-pi 3: a second spark-pi does not fit.
        ObjectNode second = app.deepCopy();
        ((ObjectNode) second.get("metadata")).put("name", "spark-pi-2");
        AdmissionDecision decision = new PolicyEngine(cluster.policies(), cluster.ledger())
                .validateSparkApplication(AdmissionInput.create("team-a", second), cluster.view());
        assertThat(decision).isInstanceOfSatisfying(AdmissionDecision.Denied.class, d ->
                assertThat(d.message()).contains("app team-a/spark-pi-2 needs 3 cores; tenant team-a "
                        + "(SparkPolicy team-a) has 0 of 16 left"));
    }

    @Test
    void anInvalidPolicyFileIsAClearError() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), """
                apiVersion: sparkgate.io/v1alpha1
                kind: SparkPolicy
                metadata: {name: broken}
                spec: {namespaceSelector: {matchExpressions: [{key: tenant, operator: Sometimes}]}}
                """);
        assertThatThrownBy(() -> DirectoryCluster.policies(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.yaml: SparkPolicy broken is invalid")
                .hasMessageContaining("Sometimes");
        assertThatThrownBy(() -> DirectoryCluster.load(dir.resolve("nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }
}
