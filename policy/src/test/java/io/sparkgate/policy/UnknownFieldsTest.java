package io.sparkgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.policy.quota.ClusterSnapshot;
import io.sparkgate.policy.quota.ClusterView;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.tenant.PolicyIndex;
import io.sparkgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Typos are never silent: a field the SparkApplication schema does not declare is a warning naming it (with the
 * field it is close to), and a denial under {@code rules.unknownFields: deny}. The quota then counts what the user
 * wrote only when it is spelled right: {@code instnces: 40} under a 10-executor limit is allowed, with the warning.
 */
class UnknownFieldsTest {
    private static final String NS = "team-a-etl";
    private static final String TYPO = "unknown field \"spec.executor.instnces\" (did you mean \"instances\"?)";
    private final ReservationLedger ledger = new ReservationLedger(
            new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), Duration.ofSeconds(60));

    private static JsonNode app(String executor) {
        return Json.read("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata: {name: pi, "
                + "namespace: " + NS + "}\nspec:\n  type: Scala\n  mode: cluster\n  image: example.com/spark:4.1.1\n"
                + "  mainClass: org.apache.spark.examples.SparkPi\n  sparkVersion: 4.1.1\n  driver: {cores: 1}\n"
                + "  executor: " + executor + "\n", JsonNode.class);
    }

    private static SparkPolicy policy(String rules) {
        return Json.read("metadata: {name: team-a}\nspec:\n  namespaceSelector: {matchLabels: {tenant: team-a}}\n"
                + "  quota: {perApp: {maxExecutors: 10}}\n" + rules, SparkPolicy.class);
    }

    private AdmissionDecision validate(SparkPolicy policy, JsonNode app) {
        PolicyIndex index = TenantQuotaTest.index(policy);
        ClusterView view = ClusterSnapshot.builder().namespace(NS, java.util.Map.of("tenant", "team-a")).build();
        return new PolicyEngine(() -> index, ledger).validateSparkApplication(AdmissionInput.create(NS, app), view);
    }

    @Test
    void aTypoIsAllowedWithAWarningThatNamesTheFieldAndTheRightSpelling() {
        AdmissionDecision d = validate(policy(""), app("{instnces: 40, cores: 1}"));
        assertThat(d.allowed()).isTrue();
        assertThat(d.warnings()).containsExactly(TYPO);
        // the control: spelled right, the per-app limit counts it
        AdmissionDecision right = validate(policy(""), app("{instances: 40, cores: 1}"));
        assertThat(right.allowed()).isFalse();
        assertThat(right.warnings()).isEmpty();
    }

    @Test
    void aPolicyCanRefuseUnknownFields() {
        SparkPolicy strict = policy("  rules: {unknownFields: deny}\n");
        AdmissionDecision d = validate(strict, app("{instnces: 4, cores: 1}"));
        assertThat(d.allowed()).isFalse();
        assertThat(((AdmissionDecision.Denied) d).message()).isEqualTo("spec.executor.instnces: unknown field (did "
                + "you mean \"instances\"?), refused by SparkPolicy team-a (rules.unknownFields: deny)");
        assertThat(d.warnings()).containsExactly(TYPO);
        assertThat(validate(strict, app("{instances: 4, cores: 1}")).allowed()).isTrue();
        // a dry-run policy only records it
        SparkPolicy dry = policy("  enforcementAction: dryrun\n  rules: {unknownFields: deny}\n");
        assertThat(validate(dry, app("{instnces: 4, cores: 1}")).allowed()).isTrue();
    }

    @Test
    void theRuleTakesOnlyWarnOrDeny() {
        assertThatThrownBy(() -> policy("  rules: {unknownFields: strict}\n"))
                .hasMessageContaining("unknownFields: \"strict\" is not one of warn, deny");
    }
}
