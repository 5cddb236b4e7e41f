package io.sparkgate.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Values that would install a broken or dangerous sparkgate are refused with a message saying why. */
class BadValuesTest {

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(Map.of("certs.mode", "vault"), "value must be one of 'self', 'cert-manager', 'existing'"),
                Arguments.of(Map.of("certs.mode", "existing"), "certs.mode=existing needs certs.secretName"),
                Arguments.of(Map.of("replicaCount", "1", "podDisruptionBudget.enabled", "false"),
                        "webhooks.validating.failurePolicy=Fail needs replicaCount >= 2"),
                Arguments.of(Map.of("replicaCount", "1"), "webhooks.validating.failurePolicy=Fail needs replicaCount"),
                Arguments.of(Map.of("podDisruptionBudget.enabled", "false", "webhooks.validating.failurePolicy",
                        "Ignore", "webhooks.mutating.failurePolicy", "Fail"),
                        "webhooks.mutating.failurePolicy=Fail needs replicaCount >= 2 and podDisruptionBudget.enabled=true"),
                Arguments.of(Map.of("webhooks.namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name",
                        "kube-system"), "webhooks.namespaceSelector selects namespace \"kube-system\""),
                Arguments.of(Map.of("webhooks.namespaceSelector.matchExpressions[0].key", "kubernetes.io/metadata.name",
                        "webhooks.namespaceSelector.matchExpressions[0].operator", "In",
                        "webhooks.namespaceSelector.matchExpressions[0].values", "{team-a,sparkgate-system}"),
                        "selects namespace \"sparkgate-system\""),
                Arguments.of(Map.of("webhooks.mutating.failurePolicy", "fail"), "/webhooks/mutating/failurePolicy"),
                Arguments.of(Map.of("webhooks.timeoutSeconds", "45"), "/webhooks/timeoutSeconds"),
                Arguments.of(Map.of("replicas", "3"), "additional properties 'replicas' not allowed"),
                Arguments.of(Map.of("podDisruptionBudget.minAvailable", "2"),
                        "podDisruptionBudget.minAvailable=2 must be below replicaCount=2"),
                Arguments.of(Map.of("operator.namespaces", "{team-a,team-b}"), "/operator/namespaces"),
                Arguments.of(Map.of("certs.mode", "cert-manager", "certs.certManager.issuerRef.kind", "ClusterIssuer"),
                        "certs.certManager.issuerRef needs a name"),
                Arguments.of(Map.of("webhook.decisionDeadline", "5s"), "webhook.decisionDeadline=5s must be between "
                        + "100ms and 9s and below webhooks.timeoutSeconds=5s"),
                Arguments.of(Map.of("webhook.decisionDeadline", "50ms"), "webhook.decisionDeadline=50ms must be "
                        + "between 100ms and 9s"),
                Arguments.of(Map.of("webhook.quotaCommitBudget", "4s"), "webhook.quotaCommitBudget=4s must be shorter "
                        + "than webhook.decisionDeadline=4s"),
                Arguments.of(Map.of("webhook.idleTimeout", "900ms"), "webhook.idleTimeout=900ms must be at least 1s"),
                Arguments.of(Map.of("webhook.headerTimeout", "10 seconds"), "/webhook/headerTimeout"),
                Arguments.of(Map.of("webhook.admissionQueue", "0"), "/webhook/admissionQueue"),
                Arguments.of(Map.of("webhook.maxConnections", "-1"), "/webhook/maxConnections"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void templateFailsWithAReason(Map<String, String> set, String reason) {
        Helm.Result r = Helm.template(set);
        assertThat(r.exitCode()).as("exit code of helm template %s", set).isNotZero();
        assertThat(r.stderr()).contains(reason);
        assertThat(r.stdout()).doesNotContain("kind: Deployment");
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void installFailsTooBeforeTouchingTheCluster(Map<String, String> set, String reason) {
        List<String> args = new ArrayList<>(List.of("install", Helm.RELEASE, Helm.chart().toString(),
                "--namespace", Helm.NAMESPACE, "--dry-run=client"));
        set.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        Helm.Result r = Helm.run(args);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains(reason);
    }
}
